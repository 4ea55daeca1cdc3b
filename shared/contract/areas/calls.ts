import { z } from 'zod';

export const dnssecStateSchema = z.enum(['secure', 'insecure', 'bogus', 'indeterminate']);

/**
 * "Is this really them?" for one call (wire-profile "Calls"): main checks the PASSporT on the
 * peer's SDP against the peer's SMIMEA certificate found through validated DNS.
 */
export const callVerdictSchema = z.object({
  /** The SIP Call-ID. */
  callId: z.string(),
  /** The peer's identity (E.164 or SIP URI) the verdict is about. */
  peer: z.string(),
  state: z.enum(['pending', 'verified', 'not-verified', 'failed']),
  /** Plain words: why (e.g. "Their phone number has no Yakker certificate."). */
  reason: z.string(),
  dnssec: dnssecStateSchema.nullable(),
  /** SHA-256 of the peer certificate that signed, lowercase hex. */
  fingerprint: z.string().nullable(),
});
export type CallVerdict = z.infer<typeof callVerdictSchema>;

/** What the dialer shows before ringing: who and how the target will be reached. */
export const dialTargetSchema = z.object({
  kind: z.enum(['yakker', 'sip', 'no-account', 'invalid']),
  /** The SIP URI to INVITE (null for no-account and invalid). */
  uri: z.string().nullable(),
  /** E.164 when the target is a number. */
  number: z.string().nullable(),
  /** e.g. "Yakker, verified", "SIP, not verified", "No Yakker account". */
  label: z.string(),
  /** A certificate is published and its DNS answer is secure. */
  verified: z.boolean(),
  dnssec: dnssecStateSchema.nullable(),
  fingerprint: z.string().nullable(),
  /** Plain words for people (why not verified, why invalid). */
  reason: z.string(),
});
export type DialTarget = z.infer<typeof dialTargetSchema>;

export const callRecordInputSchema = z
  .object({
    callId: z.string().min(1).max(256),
    peer: z.string().min(1).max(256),
    direction: z.enum(['incoming', 'outgoing']),
    outcome: z.enum(['answered', 'missed', 'declined', 'failed']),
    startedAt: z.number().int(),
    durationSeconds: z.number().int().nonnegative(),
    verdict: z.enum(['verified', 'not-verified', 'failed']).optional(),
  })
  .strict();
export type CallRecordInput = z.infer<typeof callRecordInputSchema>;

export const callRequests = {
  'calls.resolve': {
    input: z.object({ target: z.string().min(1).max(256) }).strict(),
    output: dialTargetSchema,
  },
  /**
   * An alias of calls.resolve, kept so that older callers compile (it used to return a Call-ID).
   * The renderer dials through JsSIP itself after calls.resolve; main never starts a call.
   */
  'calls.dial': {
    input: z.object({ target: z.string().min(1).max(256) }).strict(),
    output: dialTargetSchema,
  },
  /** The verdict so far for a Call-ID (state `pending` while main still checks). */
  'calls.verdict': {
    input: z.object({ callId: z.string().min(1).max(256) }).strict(),
    output: callVerdictSchema,
  },
  /** The renderer reports a finished call; main keeps it in the history (main/store). */
  'calls.log': { input: callRecordInputSchema, output: z.object({ id: z.string() }) },
} as const;

export const callEvents = {
  'calls.verdict': callVerdictSchema,
  /** The call history changed (a call was logged). */
  'calls.historyChanged': z.object({}),
} as const;
