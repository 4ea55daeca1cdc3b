import { z } from 'zod';

/**
 * Main owns every SIP byte on the network (docs/architecture.md): the renderer's JsSIP hands
 * whole SIP messages to main through a JsSIP Socket whose `send` is `sip.send`, and receives
 * whole messages as `sip.data` events (stream framing is main's job). Main adds and checks the
 * PASSporT Identity header on the way (see calls.ts for the verdict).
 */
export const sipConnectionSchema = z.object({
  connectionId: z.string(),
  /** What JsSIP puts in Via (`WSS`, `TLS`, `TCP`). */
  viaTransport: z.enum(['WSS', 'TLS', 'TCP']),
  /** The socket URL JsSIP reports, e.g. `sips:a.provider.test:5061;transport=tls`. */
  url: z.string(),
  /** `host:port` actually connected, for diagnostics. */
  remote: z.string(),
});
export type SipConnection = z.infer<typeof sipConnectionSchema>;

export const sipRequests = {
  'sip.connect': {
    input: z.object({ aor: z.string().min(5).max(256).optional() }).strict(),
    output: sipConnectionSchema,
  },
  'sip.send': {
    input: z
      .object({ connectionId: z.string().min(1).max(64), data: z.string().min(1).max(65_535) })
      .strict(),
    output: z.object({}),
  },
  'sip.disconnect': {
    input: z.object({ connectionId: z.string().min(1).max(64) }).strict(),
    output: z.object({}),
  },
} as const;

export const sipEvents = {
  /** One whole SIP message received on a connection. */
  'sip.data': z.object({ connectionId: z.string(), data: z.string() }),
  /** The connection is gone (server closed, network lost, TLS failure); `reason` is plain words. */
  'sip.closed': z.object({ connectionId: z.string(), reason: z.string(), error: z.boolean() }),
} as const;
