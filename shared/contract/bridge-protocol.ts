import { z } from 'zod';
import type { EventName } from './events';
import type { Result } from './result';

/**
 * Frames on the web bridge's WebSocket (JSON text). The renderer sends requests; main answers
 * each with a result carrying the same id, and pushes events.
 */
export const bridgeRequestSchema = z
  .object({
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    type: z.literal('request'),
    name: z.string().max(128),
    input: z.unknown(),
  })
  .strict();
export type BridgeRequest = z.infer<typeof bridgeRequestSchema>;

export interface BridgeResult {
  id: number | null;
  type: 'result';
  result: Result<unknown>;
}

export interface BridgeEvent {
  type: 'event';
  name: EventName;
  payload: unknown;
}

export type BridgeServerFrame = BridgeResult | BridgeEvent;

/** Largest frame the bridge accepts, in bytes. SIP messages stay far below this. */
export const BRIDGE_MAX_FRAME_BYTES = 1 << 20;
