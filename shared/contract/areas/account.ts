import { z } from 'zod';

/**
 * The user's SIP account and the network profile it lives on (issue 6). The account's SIP
 * password sits in the OS keychain; `account.sipConfig` hands it to the renderer's JsSIP, which
 * computes digest responses (a SIP password is a provider credential, not an identity key).
 */
export const accountSchema = z.object({
  configured: z.boolean(),
  /** Address of record, e.g. `sip:+15550100@a.provider.test`. */
  aor: z.string().nullable(),
  /** E.164 number when the AOR's user part is one. */
  number: z.string().nullable(),
  /** Provider SIP domain, e.g. `a.provider.test`. */
  domain: z.string().nullable(),
  /** The keychain identity that signs calls and messages for this account. */
  identityId: z.string().nullable(),
});
export type Account = z.infer<typeof accountSchema>;

export const sipConfigSchema = z.object({
  aor: z.string(),
  /** Digest user name (often the number). */
  username: z.string(),
  password: z.string(),
  displayName: z.string(),
});
export type SipConfig = z.infer<typeof sipConfigSchema>;

/** Which Yakker network main talks to (devnet.json or another profile), for display. */
export const networkSchema = z.object({
  name: z.string(),
  /** Where the profile came from: `YAKKER_NETWORK_PROFILE`, the settings, or none. */
  source: z.enum(['env', 'settings', 'none']),
  dnsServer: z.string().nullable(),
  directorySuffix: z.string(),
  directoryUrl: z.string().nullable(),
});
export type NetworkInfo = z.infer<typeof networkSchema>;

const empty = z.object({}).strict();

export const accountRequests = {
  'account.get': { input: empty, output: accountSchema },
  'account.set': {
    input: z
      .object({
        aor: z.string().min(5).max(256),
        username: z.string().min(1).max(128),
        password: z.string().min(8).max(256),
        identityId: z.string().min(1).max(128).optional(),
      })
      .strict(),
    output: accountSchema,
  },
  'account.clear': { input: empty, output: z.object({}) },
  'account.sipConfig': { input: empty, output: sipConfigSchema },
  'network.get': { input: empty, output: networkSchema },
} as const;

export const accountEvents = {
  'account.changed': accountSchema,
} as const;
