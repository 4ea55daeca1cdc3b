import { z } from 'zod';
import { accountEvents } from './areas/account';
import { callEvents } from './areas/calls';
import { deviceEvents } from './areas/devices';
import { messageEvents } from './areas/messages';
import { onboardingEvents } from './areas/onboarding';
import { sipEvents } from './areas/sip';
import { connectionStatusSchema, pairingStatusSchema, settingsSchema } from './requests';

/** Events main pushes to every renderer. Names are `area.happened`. */
export const events = {
  'status.changed': connectionStatusSchema,
  'settings.changed': settingsSchema,
  /** A pairing moved on (either role): waiting, confirm-needed, show-code, done, failed… */
  'pairing.changed': pairingStatusSchema,
  ...accountEvents,
  ...sipEvents,
  ...callEvents,
  ...messageEvents,
  ...deviceEvents,
  ...onboardingEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}
