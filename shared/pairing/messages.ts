/**
 * The plaintext inside every Noise message (docs/pairing.md §5): one type byte, then the body.
 * Handshake payloads carry HELLO; every later message is one of the others.
 */
import { ABORT_REASONS, reasonFromWire, type AbortReason } from './abort-reason';
import { concat, fromUtf8, Reader, u32, utf8 } from './bytes';

export const MSG = {
  hello: 0x01,
  'confirm-request': 0x02,
  'holder-confirm': 0x03,
  'holder-deny': 0x04,
  transfer: 0x05,
  ack: 0x06,
  abort: 0x7f,
} as const;

export const MAX_DEVICE_NAME_BYTES = 64;
export const MAX_ABORT_DETAIL_BYTES = 120;
/** Bytes of transfer payload per TRANSFER message (a Noise message is at most 65535 bytes). */
export const TRANSFER_CHUNK = 60000;

export type DenyReason = Extract<AbortReason, 'user-denied' | 'code-mismatch'>;

export type PairingMessage =
  | { type: 'hello'; version: number; deviceName: string }
  | { type: 'confirm-request' }
  | { type: 'holder-confirm' }
  | { type: 'holder-deny'; reason: DenyReason }
  | { type: 'transfer'; final: boolean; total: number; chunk: Uint8Array }
  | { type: 'ack'; digest: Uint8Array }
  | { type: 'abort'; reason: AbortReason; detail: string };

export class MalformedMessageError extends Error {}

/** Truncate a UTF-8 string to at most `max` bytes without splitting a character. */
export function clampUtf8(text: string, max: number): Uint8Array {
  let bytes = utf8(text);
  let chars = Array.from(text);
  while (bytes.length > max) {
    chars = chars.slice(0, -1);
    bytes = utf8(chars.join(''));
  }
  return bytes;
}

export function encodeMessage(m: PairingMessage): Uint8Array {
  const type = Uint8Array.of(MSG[m.type]);
  switch (m.type) {
    case 'hello': {
      const name = clampUtf8(m.deviceName, MAX_DEVICE_NAME_BYTES);
      if (name.length === 0) throw new Error('device name is empty');
      return concat(type, Uint8Array.of(m.version, name.length), name);
    }
    case 'confirm-request':
    case 'holder-confirm':
      return type;
    case 'holder-deny':
      return concat(type, Uint8Array.of(ABORT_REASONS[m.reason].wire));
    case 'transfer':
      if (m.chunk.length > TRANSFER_CHUNK) throw new Error('transfer chunk too large');
      return concat(type, Uint8Array.of(m.final ? 1 : 0), u32(m.total), m.chunk);
    case 'ack':
      if (m.digest.length !== 32) throw new Error('ack digest must be 32 bytes');
      return concat(type, m.digest);
    case 'abort': {
      const detail = clampUtf8(m.detail, MAX_ABORT_DETAIL_BYTES);
      return concat(type, Uint8Array.of(ABORT_REASONS[m.reason].wire, detail.length), detail);
    }
  }
}

function decodeBody(type: number, r: Reader): PairingMessage {
  switch (type) {
    case MSG.hello: {
      const version = r.u8();
      const length = r.u8();
      if (length < 1 || length > MAX_DEVICE_NAME_BYTES) throw new Error('device name length');
      const deviceName = fromUtf8(r.take(length));
      if (/[\p{Cc}\p{Cf}]/u.test(deviceName)) throw new Error('control characters in name');
      return { type: 'hello', version, deviceName };
    }
    case MSG['confirm-request']:
      return { type: 'confirm-request' };
    case MSG['holder-confirm']:
      return { type: 'holder-confirm' };
    case MSG['holder-deny']: {
      const reason = reasonFromWire(r.u8());
      if (reason !== 'user-denied' && reason !== 'code-mismatch') throw new Error('deny reason');
      return { type: 'holder-deny', reason };
    }
    case MSG.transfer: {
      const flags = r.u8();
      if ((flags & ~1) !== 0) throw new Error('transfer flags');
      const total = r.u32();
      const chunk = r.rest().slice();
      if (chunk.length > TRANSFER_CHUNK) throw new Error('transfer chunk too large');
      return { type: 'transfer', final: flags === 1, total, chunk };
    }
    case MSG.ack:
      return { type: 'ack', digest: r.take(32).slice() };
    case MSG.abort: {
      const reason = reasonFromWire(r.u8()) ?? 'protocol-violation';
      const length = r.u8();
      if (length > MAX_ABORT_DETAIL_BYTES) throw new Error('abort detail length');
      return { type: 'abort', reason, detail: fromUtf8(r.take(length)) };
    }
    default:
      throw new Error(`unknown message type ${type}`);
  }
}

/** Strict: unknown types, bad lengths, invalid UTF-8 and trailing bytes all throw. */
export function decodeMessage(bytes: Uint8Array): PairingMessage {
  try {
    const r = new Reader(bytes);
    const m = decodeBody(r.u8(), r);
    r.end();
    return m;
  } catch (error) {
    throw new MalformedMessageError((error as Error).message);
  }
}
