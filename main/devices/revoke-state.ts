import { readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import { revokePhaseSchema, type RevokeStatus } from '../../shared/contract/areas/devices';
import { ERROR_CODES } from '../../shared/contract/errors';
import { storageError, writeFileAtomic } from '../core/atomic-file';

/**
 * A revoke in progress, as revoke.json keeps it (docs/pairing.md §13). Public data only: the new
 * private key is in the keychain under `keyAccount`; its certificate is public.
 */
export const storedRevokeSchema = z.object({
  version: z.literal(1),
  phase: revokePhaseSchema,
  deviceId: z.string().nullable(),
  deviceName: z.string().nullable(),
  identityId: z.string().nullable(),
  number: z.string().nullable(),
  /** Every certificate the identity had before: what the removed device can still hold. */
  oldFingerprints: z.array(z.string()),
  /** Keychain account of the new key (chosen before the key is made, so a crash reuses it). */
  keyAccount: z.string().nullable(),
  newCertificatePem: z.string().nullable(),
  newFingerprint: z.string().nullable(),
  finishedAt: z.string().nullable().default(null),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
});
export type StoredRevoke = z.infer<typeof storedRevokeSchema>;

export const NO_REVOKE: StoredRevoke = {
  version: 1,
  phase: 'idle',
  deviceId: null,
  deviceName: null,
  identityId: null,
  number: null,
  oldFingerprints: [],
  keyAccount: null,
  newCertificatePem: null,
  newFingerprint: null,
  finishedAt: null,
  error: null,
};

/** What the renderer sees of it. */
export function revokeView(state: StoredRevoke): RevokeStatus {
  return {
    phase: state.phase,
    deviceName: state.deviceName,
    number: state.number,
    oldFingerprint: state.oldFingerprints[state.oldFingerprints.length - 1] ?? null,
    newFingerprint: state.newFingerprint,
    finishedAt: state.finishedAt,
    error: state.error,
  };
}

/** Whether a revoke is under way (started and not finished). */
export function pending(state: StoredRevoke): boolean {
  return state.phase !== 'idle' && state.phase !== 'done';
}

/**
 * revoke.json in the data folder, written atomically after every phase. A file that does not
 * parse is kept aside as `.unreadable` (never deleted) and counts as no revoke in progress; the
 * new key, if one was made, stays in the keychain.
 */
export class RevokeStateFile {
  constructor(private readonly file: string) {}

  async read(): Promise<StoredRevoke> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NO_REVOKE;
      throw storageError(this.file, error, 'read');
    }
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // handled below
    }
    const parsed = storedRevokeSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    await writeFileAtomic(`${this.file}.unreadable`, text).catch(() => undefined);
    await rm(this.file, { force: true }).catch(() => undefined);
    return NO_REVOKE;
  }

  async write(state: StoredRevoke): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(state, null, 2)}\n`);
  }
}
