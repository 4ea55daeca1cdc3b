import { z } from 'zod';

/**
 * Chat over SIP MESSAGE sealed with S/MIME (wire-profile "Messages"). Main keeps the history and
 * the outbox in main/store and seals/opens every body; the renderer's JsSIP UA only carries the
 * ciphertext: it drains `messages.outbox` while registered and reports each result with
 * `messages.sent`, and hands every received MESSAGE to `messages.receive`, answering with the
 * status main returns.
 */
export const messageSchema = z.object({
  id: z.string(),
  /** The other party (E.164 or SIP URI). */
  peer: z.string(),
  direction: z.enum(['in', 'out']),
  text: z.string(),
  /** ms since epoch: when written (out) or the signed CPIM DateTime (in). */
  at: z.number().int(),
  state: z.enum(['queued', 'sending', 'sent', 'failed', 'received']),
  /** Failed: why, in plain words. */
  error: z.string().optional(),
});
export type ChatMessage = z.infer<typeof messageSchema>;

/** One sealed MESSAGE for the renderer's UA to send. */
export const outboundSchema = z.object({
  id: z.string(),
  /** Request-URI / To, e.g. `sip:+15550101@b.provider.test`. */
  target: z.string(),
  contentType: z.string(),
  /** The body exactly as it goes on the wire. */
  body: z.string(),
});
export type OutboundMessage = z.infer<typeof outboundSchema>;

const peer = z.string().min(1).max(256);

export const messageRequests = {
  'messages.list': {
    input: z
      .object({
        peer,
        before: z.number().int().optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    output: z.array(messageSchema),
  },
  'messages.send': {
    input: z.object({ peer, text: z.string().min(1).max(4096) }).strict(),
    output: messageSchema,
  },
  'messages.retry': {
    input: z.object({ id: z.string().min(1).max(128) }).strict(),
    output: messageSchema,
  },
  'messages.markRead': { input: z.object({ peer }).strict(), output: z.object({}) },
  'messages.outbox': { input: z.object({}).strict(), output: z.array(outboundSchema) },
  'messages.sent': {
    input: z
      .object({
        id: z.string().min(1).max(128),
        ok: z.boolean(),
        status: z.number().int().optional(),
        reason: z.string().max(256).optional(),
      })
      .strict(),
    output: z.object({}),
  },
  'messages.receive': {
    input: z
      .object({
        from: z.string().min(1).max(512),
        to: z.string().min(1).max(512),
        callId: z.string().min(1).max(256),
        contentType: z.string().min(1).max(256),
        body: z.string().min(1).max(65_535),
      })
      .strict(),
    /** The SIP status the UA answers with (200, or 4xx with a reason phrase). */
    output: z.object({ status: z.number().int(), reason: z.string() }),
  },
  /** The user saw that this contact's certificate changed and accepts the new one. */
  'peers.acknowledgeKeyChange': { input: z.object({ peer }).strict(), output: z.object({}) },
} as const;

export const messageEvents = {
  /** A message was added or changed state. */
  'messages.changed': messageSchema,
  /** There are sealed messages waiting: drain `messages.outbox` if registered. */
  'messages.outboxReady': z.object({}),
  /** The chat list changed (new message, read, key change). */
  'chats.changed': z.object({}),
  /** Something the user must know about the chat history (a damaged file kept aside). */
  'messages.storageNotice': z.object({ message: z.string() }),
} as const;
