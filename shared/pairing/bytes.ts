import { decodeUtf8, encodeUtf8 } from './utf8';

/** Byte helpers for the pairing protocol: big-endian integers, base32, hex, UTF-8, comparisons. */

export type Random = (length: number) => Uint8Array;

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function u16(value: number): Uint8Array {
  return Uint8Array.of((value >>> 8) & 0xff, value & 0xff);
}

export function u32(value: number): Uint8Array {
  return Uint8Array.of(
    (value >>> 24) & 0xff,
    (value >>> 16) & 0xff,
    (value >>> 8) & 0xff,
    value & 0xff,
  );
}

/** Constant-time equality for equal-length inputs (length itself is not secret). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function utf8(text: string): Uint8Array {
  return encodeUtf8(text);
}

/** Strict UTF-8 decoding; throws on invalid sequences. */
export function fromUtf8(bytes: Uint8Array): string {
  return decodeUtf8(bytes);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new Error('bad hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, no padding (fits a QR code's alphanumeric mode). */
export function toBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += B32[(buffer >>> (bits - 5)) & 31] ?? '';
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(buffer << (5 - bits)) & 31] ?? '';
  return out;
}

/** Strict inverse of toBase32: case-insensitive, no padding, unused trailing bits must be zero. */
export function fromBase32(text: string): Uint8Array {
  const upper = text.toUpperCase();
  if (!/^[A-Z2-7]*$/.test(upper) || [1, 3, 6].includes(upper.length % 8)) {
    throw new Error('bad base32');
  }
  const out = new Uint8Array(Math.floor((upper.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (const ch of upper) {
    buffer = ((buffer << 5) | B32.indexOf(ch)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[at++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) throw new Error('bad base32 padding bits');
  return out;
}

/** A cursor over bytes that throws on reads past the end; used by every strict parser here. */
export class Reader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.at;
  }

  take(length: number): Uint8Array {
    if (length < 0 || this.at + length > this.bytes.length) throw new Error('truncated');
    const out = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }

  u8(): number {
    return this.take(1)[0] ?? 0;
  }

  u16(): number {
    const b = this.take(2);
    return ((b[0] ?? 0) << 8) | (b[1] ?? 0);
  }

  u32(): number {
    const b = this.take(4);
    return (
      ((b[0] ?? 0) * 0x1000000 + (((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0))) >>> 0
    );
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }

  end(): void {
    if (this.remaining !== 0) throw new Error('trailing bytes');
  }
}
