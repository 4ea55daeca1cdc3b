import { readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import { ERROR_CODES } from '../../shared/contract/errors';
import { onboardingPhaseSchema } from '../../shared/contract/areas/onboarding';
import { storageError, writeFileAtomic } from '../core/atomic-file';

/** The sign-up in progress, as onboarding.json keeps it (public data only: no code, no key). */
export const storedOnboardingSchema = z.object({
  version: z.literal(1),
  phase: onboardingPhaseSchema,
  number: z.string().nullable(),
  identityId: z.string().nullable(),
  provider: z
    .object({ name: z.string(), domain: z.string(), apiUrl: z.string().nullable() })
    .nullable(),
  triesLeft: z.number().int().nonnegative().nullable(),
  codeExpiresAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
  /** The user chose "later" (or their own SIP account): no wizard at start-up. */
  later: z.boolean().default(false),
});
export type StoredOnboarding = z.infer<typeof storedOnboardingSchema>;

export const IDLE: StoredOnboarding = {
  version: 1,
  phase: 'idle',
  number: null,
  identityId: null,
  provider: null,
  triesLeft: null,
  codeExpiresAt: null,
  lockedUntil: null,
  error: null,
  later: false,
};

/**
 * onboarding.json: written atomically after every step, so a crash or a restart resumes where
 * the user was. A file we cannot read is kept aside (never deleted) and the sign-up starts over.
 */
export class OnboardingStateFile {
  constructor(private readonly file: string) {}

  async read(): Promise<StoredOnboarding> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return IDLE;
      throw storageError(this.file, error, 'read');
    }
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // handled below
    }
    const parsed = storedOnboardingSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    await writeFileAtomic(`${this.file}.unreadable`, text).catch(() => undefined);
    return IDLE;
  }

  async write(state: StoredOnboarding): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(state, null, 2)}\n`);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true }).catch((error: unknown) => {
      throw storageError(this.file, error);
    });
  }
}
