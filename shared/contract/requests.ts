import { z } from 'zod';
import { accountRequests } from './areas/account';
import { callRequests } from './areas/calls';
import { deviceRequests } from './areas/devices';
import { messageRequests } from './areas/messages';
import { onboardingRequests } from './areas/onboarding';
import { sipRequests } from './areas/sip';
import { ERROR_CODES } from './errors';

/**
 * Every request the renderer (or a test, or the CLI) can make of main, with runtime schemas for
 * what goes in and what comes out. Main parses every input with these schemas before a handler
 * sees it. Adding a request: 1) an entry here, 2) a handler in main/app/ (the compiler insists),
 * 3) a test. Names are `area.verb`.
 */

export const themeSchema = z.enum(['system', 'light', 'dark']);

export const settingsSchema = z.object({
  theme: themeSchema,
  /** The name other people see when you message them; may be empty. */
  displayName: z.string().max(64),
  /** Default country for national-format numbers (ISO 3166 alpha-2). */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/),
  /** Ask the directory for numbers instead of the public DNS (privacy). */
  privateLookups: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const connectionStatusSchema = z.object({
  registration: z.enum(['offline', 'connecting', 'registered']),
  /** Plain words for people, shown on hover when not registered. */
  reason: z.string(),
  network: z.enum(['online', 'offline']),
});
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web', 'cli', 'test']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const callRecordSchema = z.object({
  id: z.string(),
  peer: z.string(),
  direction: z.enum(['incoming', 'outgoing']),
  outcome: z.enum(['answered', 'missed', 'declined', 'failed']),
  startedAt: z.number().int(),
  durationSeconds: z.number().int().nonnegative(),
  verdict: z.enum(['verified', 'not-verified', 'failed']).optional(),
});
export type CallRecord = z.infer<typeof callRecordSchema>;

export const chatSummarySchema = z.object({
  id: z.string(),
  peer: z.string(),
  displayName: z.string(),
  lastMessage: z.string(),
  lastAt: z.number().int(),
  unread: z.number().int().nonnegative(),
  /** The contact's certificate changed and the user has not acknowledged it yet. */
  keyChanged: z.boolean(),
});
export type ChatSummary = z.infer<typeof chatSummarySchema>;

export const contactSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  number: z.string(),
  onYakker: z.boolean(),
});
export type Contact = z.infer<typeof contactSchema>;

export const identitySchema = z.object({
  id: z.string(),
  name: z.string(),
  tel: z.string().nullable(),
  sip: z.string().nullable(),
  keyType: z.enum(['p256', 'rsa', 'ed25519']),
  /** What this key can serve: calls, messages, api-signatures, dns-publish, backup. */
  features: z.array(z.string()),
  /** SHA-256 of the current certificate, lowercase hex. */
  fingerprint: z.string(),
  notAfter: z.string(),
});
export type Identity = z.infer<typeof identitySchema>;

const empty = z.object({}).strict();

/** A QR code as its module matrix: `rows[y][x]` is '1' for a dark module (no markup crosses). */
export const qrMatrixSchema = z.object({
  size: z.number().int().min(21).max(177),
  rows: z.array(z.string().regex(/^[01]+$/)).max(177),
});
export type QrMatrix = z.infer<typeof qrMatrixSchema>;

/** The ways a pairing session travels: directly on the local network, or a relay mailbox. */
export const pairingPathSchema = z.enum(['lan', 'relay']);
export type PairingPath = z.infer<typeof pairingPathSchema>;

/**
 * What the holder shows: the code's text form, its QR, when it expires (ms since epoch) and the
 * paths the code offers (so the screen can say whether the other device may be elsewhere).
 */
export const pairingOfferSchema = z.object({
  text: z.string(),
  qr: qrMatrixSchema,
  expiresAt: z.number().int(),
  paths: z.array(pairingPathSchema).optional(),
});
export type PairingOfferView = z.infer<typeof pairingOfferSchema>;

/**
 * Where a pairing stands, for both roles (docs/pairing.md §8). Never carries key material nor
 * the holder's own confirmation code: only the joiner shows a code (`code`), the holder's
 * user types it.
 */
export const pairingStatusSchema = z.object({
  role: z.enum(['holder', 'joiner']),
  state: z.enum(['waiting', 'confirm-needed', 'show-code', 'transferring', 'done', 'failed']),
  /** The other device's name (from its HELLO), once the handshake is done. */
  peerName: z.string().optional(),
  /** Once connected: the path this session travels (direct or through the relay). */
  via: pairingPathSchema.optional(),
  /** Holder while waiting: the offer to show. */
  offer: pairingOfferSchema.optional(),
  /** Joiner, show-code: the six digits to type on the holder. */
  code: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  /** Done: the identity that was linked (public data). */
  identity: z.object({ name: z.string(), fingerprint: z.string() }).optional(),
  /** Failed: why, in plain words, with the contract error code. */
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).optional(),
  /** Failed after the keys were sent: the new device may have finished anyway. */
  uncertain: z.boolean().optional(),
});
export type PairingStatus = z.infer<typeof pairingStatusSchema>;

export const requests = {
  'app.info': { input: empty, output: appInfoSchema },
  'settings.get': { input: empty, output: settingsSchema },
  'settings.update': { input: settingsSchema.partial().strict(), output: settingsSchema },
  'status.get': { input: empty, output: connectionStatusSchema },
  'calls.history': { input: empty, output: z.array(callRecordSchema) },
  'chats.list': { input: empty, output: z.array(chatSummarySchema) },
  'identities.list': { input: empty, output: z.array(identitySchema) },
  'identities.create': {
    input: z
      .object({
        tel: z.string().max(32).optional(),
        sip: z.string().max(256).optional(),
        name: z.string().max(64).optional(),
      })
      .strict(),
    output: identitySchema,
  },
  'pairing.start': {
    input: z.object({ identityId: z.string().min(1).max(128) }).strict(),
    output: pairingOfferSchema,
  },
  'pairing.confirm': {
    input: z.object({ code: z.string().min(1).max(32) }).strict(),
    output: pairingStatusSchema,
  },
  'pairing.deny': { input: empty, output: z.object({}) },
  'pairing.cancel': { input: empty, output: z.object({}) },
  'pairing.join': {
    input: z
      .object({ text: z.string().min(1).max(2048), deviceName: z.string().max(64).optional() })
      .strict(),
    output: pairingStatusSchema,
  },
  'pairing.status': { input: empty, output: z.array(pairingStatusSchema) },
  'contacts.list': {
    input: z.object({ query: z.string().max(128).optional() }).strict(),
    output: z.array(contactSchema),
  },
  ...accountRequests,
  ...sipRequests,
  ...callRequests,
  ...messageRequests,
  ...deviceRequests,
  ...onboardingRequests,
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>;
export type RequestOutput<K extends RequestName> = z.output<Requests[K]['output']>;
export const REQUEST_NAMES = Object.keys(requests) as RequestName[];

export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && Object.hasOwn(requests, value);
}
