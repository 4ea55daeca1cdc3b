import { z } from 'zod';

/**
 * Devices this one has been linked with by pairing (docs/pairing.md §11). Both sides keep the
 * record: the holder lists the device it sent the keys to, the new device the one they came from.
 */
export const linkedDeviceSchema = z.object({
  id: z.string(),
  /** The other device's name, from its pairing HELLO (its host name unless the user set one). */
  name: z.string(),
  /** `sent-to`: this device gave it the keys; `received-from`: the keys came from it. */
  direction: z.enum(['sent-to', 'received-from']),
  linkedAt: z.number().int(),
  /** The identity that was shared (public data). */
  identityName: z.string(),
  fingerprint: z.string(),
});
export type LinkedDevice = z.infer<typeof linkedDeviceSchema>;

export const deviceRequests = {
  'devices.list': { input: z.object({}).strict(), output: z.array(linkedDeviceSchema) },
  /** Forget a device in this list (it keeps its copy of the key: see docs/pairing.md §11). */
  'devices.remove': {
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: z.object({}),
  },
} as const;

export const deviceEvents = {
  'devices.changed': z.array(linkedDeviceSchema),
} as const;
