import { z } from 'zod';
import { ERROR_CODES } from '../errors';

/**
 * First run and sign-up (docs/onboarding.md): number → the code we sent → done, as a state
 * machine in main that survives restarts; and the provider account behind the number (balance,
 * top-up) for Settings → Account.
 */
export const onboardingPhaseSchema = z.enum([
  /** Nothing started (or cancelled). `number` may hold the last number typed. */
  'idle',
  /** The directory texted a code; waiting for the user to type it. */
  'code-sent',
  /** The directory published the number; the provider account or SIP set-up is still to do. */
  'verified',
  /** Too many wrong codes: the directory locked the number for a while. */
  'locked',
  'done',
]);
export type OnboardingPhase = z.infer<typeof onboardingPhaseSchema>;

export const onboardingStatusSchema = z.object({
  phase: onboardingPhaseSchema,
  /** E.164. */
  number: z.string().nullable(),
  provider: z.object({ name: z.string(), domain: z.string() }).nullable(),
  /** Code-sent: wrong codes the directory still accepts before it locks the number. */
  triesLeft: z.number().int().nonnegative().nullable(),
  /** Code-sent: when the code stops working (ISO time). */
  codeExpiresAt: z.string().nullable(),
  /** Locked: when a new code can be asked for (ISO time). */
  lockedUntil: z.string().nullable(),
  /** What went wrong last, in plain words (kept until the next step succeeds). */
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
  /** On a local test network: the simulated phone page where the SMS shows up. */
  simulatedPhoneUrl: z.string().nullable(),
  /** The user chose "later": the app opens without the wizard. */
  later: z.boolean(),
});
export type OnboardingStatus = z.infer<typeof onboardingStatusSchema>;

export const providerBalanceSchema = z.object({
  provider: z.object({ name: z.string(), domain: z.string() }),
  number: z.string(),
  currency: z.string(),
  /** Formatted, e.g. "5.00". */
  balance: z.string(),
  balanceMicros: z.number().int(),
  rates: z.array(z.object({ prefix: z.string(), perMinute: z.string(), description: z.string() })),
});
export type ProviderBalanceView = z.infer<typeof providerBalanceSchema>;

const empty = z.object({}).strict();

export const onboardingRequests = {
  /** Step 1: makes (or reuses) the key for the number and asks the directory to text a code. */
  'onboarding.start': {
    input: z
      .object({
        number: z.string().min(1).max(32),
        /** A provider's name or SIP domain from the authority's list; default: the first. */
        provider: z.string().min(1).max(253).optional(),
      })
      .strict(),
    output: onboardingStatusSchema,
  },
  /** Step 2: the code; publishes the number, opens the provider account, sets up SIP. */
  'onboarding.verify': {
    input: z
      .object({
        code: z
          .string()
          .regex(/^\s*\d{3}\s?\d{3}\s*$/, 'the code is 6 digits')
          .optional(),
      })
      .strict(),
    output: onboardingStatusSchema,
  },
  'onboarding.status': { input: empty, output: onboardingStatusSchema },
  /** Forgets the sign-up in progress (keys made for it stay in the keychain). */
  'onboarding.cancel': { input: empty, output: onboardingStatusSchema },
  /** "Later" (or "I have a SIP account"): start-up skips the wizard until a sign-up starts. */
  'onboarding.later': { input: empty, output: onboardingStatusSchema },
  'provider.balance': { input: empty, output: providerBalanceSchema },
  /** A one-time top-up page; the host opens it in the browser. */
  'provider.topUp': {
    input: empty,
    output: z.object({ url: z.string(), expiresAt: z.string() }),
  },
} as const;

export const onboardingEvents = {
  'onboarding.changed': onboardingStatusSchema,
} as const;
