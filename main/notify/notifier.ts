/** Native notifications, behind an interface: Electron injects its own; other hosts log or drop. */
export interface NotificationRequest {
  title: string;
  body: string;
  /** Buttons, e.g. Accept / Decline for an incoming call. */
  actions?: readonly string[];
}

export interface Notifier {
  /** Shows a notification; resolves with the chosen action's index, or null when dismissed. */
  show(request: NotificationRequest): Promise<number | null>;
}

export const nullNotifier: Notifier = {
  show: () => Promise.resolve(null),
};
