import { Notification } from 'electron';
import type { NotificationRequest, Notifier } from '../../notify/notifier';

/** Native notifications through Electron (Windows toast, macOS Notification Center, libnotify). */
export class ElectronNotifier implements Notifier {
  show(request: NotificationRequest): Promise<number | null> {
    if (!Notification.isSupported()) return Promise.resolve(null);
    return new Promise((resolve) => {
      const notification = new Notification({
        title: request.title,
        body: request.body,
        actions: (request.actions ?? []).map((text) => ({ type: 'button' as const, text })),
      });
      notification.on('action', (_event, index) => {
        resolve(index);
      });
      notification.on('click', () => {
        resolve(null);
      });
      notification.on('close', () => {
        resolve(null);
      });
      notification.show();
    });
  }
}
