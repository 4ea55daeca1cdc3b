/** Base32hex (RFC 4648, no padding) decoding and NSEC/NSEC3 type bitmaps (RFC 4034 §4.1.2). */
import { WireError } from './wire-error';

const B32 = '0123456789abcdefghijklmnopqrstuv';
export function fromBase32hex(t: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of t.toLowerCase()) {
    const v = B32.indexOf(ch);
    if (v < 0) throw new WireError('bad base32hex');
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  return Uint8Array.from(out);
}

export function typeBitmap(types: readonly number[]): Uint8Array {
  const windows = new Map<number, number[]>();
  for (const t of types) {
    const w = t >> 8;
    const arr = windows.get(w) ?? [];
    const idx = (t & 0xff) >> 3;
    while (arr.length <= idx) arr.push(0);
    arr[idx] = (arr[idx] ?? 0) | (0x80 >> (t & 7));
    windows.set(w, arr);
  }
  const parts: number[] = [];
  for (const w of [...windows.keys()].sort((a, b) => a - b)) {
    const arr = windows.get(w) ?? [];
    parts.push(w, arr.length, ...arr);
  }
  return Uint8Array.from(parts);
}
