import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { dispatch } from '../../../shared/contract/dispatch';
import { err } from '../../../shared/contract/result';
import type { YakkerApp } from '../../app/bootstrap';
import { APP_HOST, APP_SCHEME } from './app-protocol';

export const REQUEST_CHANNEL = 'yakker:request';
export const EVENT_CHANNEL = 'yakker:event';

/**
 * Serves the contract over IPC. Only our own origin's top-level frame may call; every argument
 * arrives as unknown and is parsed by the contract's schemas in dispatch().
 */
export function serveIpc(ipcMain: IpcMain, app: YakkerApp): void {
  ipcMain.handle(
    REQUEST_CHANNEL,
    async (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
      if (!isTrustedSender(event)) {
        app.logger.warn('IPC refused: not our top-level frame', { url: event.senderFrame?.url });
        return err('unauthorized', 'This request did not come from Yakker.');
      }
      return dispatch(app.handlers, name, input, (request, error) => {
        app.logger.error(`handler ${request} failed`, { error });
      });
    },
  );
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    // Node's URL gives "null" as the origin of non-special schemes, so compare the parts.
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Forwards contract events to one window's renderer. */
export function forwardEvents(app: YakkerApp, contents: WebContents): () => void {
  const subscription = app.bus.subscribe((name, payload) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
  });
  return () => void subscription.dispose();
}
