import { z } from 'zod';
import { ERROR_CODES } from '../errors';

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
  /**
   * Another device was removed and the key replaced (§13): this one still has the old key and
   * must be linked again to get the new one.
   */
  needsRelink: z.boolean().optional(),
});
export type LinkedDevice = z.infer<typeof linkedDeviceSchema>;

/**
 * Removing a linked device for real (docs/pairing.md §13): a new key for the number, published
 * in the directory in place of the old one, which is revoked. Each phase is saved before the
 * next starts, so a failure (directory down, keychain locked, crash) resumes where it stopped.
 */
export const revokePhaseSchema = z.enum([
  /** Nothing in progress. */
  'idle',
  /** The user confirmed; the new key is being made. */
  'started',
  /** The new key and certificate exist on this device; the directory has not taken them yet. */
  'key-made',
  /** The directory publishes only the new certificate; this device still has to switch to it. */
  'published',
  /** Finished: the new key is in use and the device is off the list. */
  'done',
]);
export type RevokePhase = z.infer<typeof revokePhaseSchema>;

export const revokeStatusSchema = z.object({
  phase: revokePhaseSchema,
  /** The device being removed (its name from the list). */
  deviceName: z.string().nullable(),
  /** The number whose key is replaced (E.164). */
  number: z.string().nullable(),
  /** SHA-256 fingerprints (hex) of the old and the new certificate. */
  oldFingerprint: z.string().nullable(),
  newFingerprint: z.string().nullable(),
  /** When it finished (ISO time), for saying so after a restart; null until done. */
  finishedAt: z.string().nullable(),
  /** What went wrong last, in plain words; the same phase is tried again by devices.revokeResume. */
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
});
export type RevokeStatus = z.infer<typeof revokeStatusSchema>;

/** Whether DNS still publishes this device's key for a number (docs/pairing.md §13). */
export const ownKeySchema = z.object({
  identityId: z.string(),
  number: z.string(),
  /** `replaced`: DNS (secure) has certificates, none of them this device's: link it again. */
  state: z.enum(['current', 'replaced', 'unknown']),
});
export type OwnKey = z.infer<typeof ownKeySchema>;

const deviceId = z.object({ id: z.string().min(1).max(64) }).strict();

export const deviceRequests = {
  'devices.list': { input: z.object({}).strict(), output: z.array(linkedDeviceSchema) },
  /** Only forget a device in this list (it keeps its copy of the key: docs/pairing.md §11). */
  'devices.remove': { input: deviceId, output: z.object({}) },
  /**
   * Remove a device and lock it out: new key, published, old one revoked (§13). Resolves when
   * done; a failure keeps the phase (devices.revokeStatus) and rejects with the reason.
   */
  'devices.revoke': { input: deviceId, output: revokeStatusSchema },
  /** Tries the unfinished revoke again from the phase it stopped in. */
  'devices.revokeResume': { input: z.object({}).strict(), output: revokeStatusSchema },
  'devices.revokeStatus': { input: z.object({}).strict(), output: revokeStatusSchema },
  /** Is this device's key still the published one? (A staying device after a revoke elsewhere.) */
  'devices.keyCheck': { input: z.object({}).strict(), output: z.array(ownKeySchema) },
} as const;

export const deviceEvents = {
  'devices.changed': z.array(linkedDeviceSchema),
  /** After every saved phase of a revoke, and when it fails. */
  'devices.revokeChanged': revokeStatusSchema,
} as const;
