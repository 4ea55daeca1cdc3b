/** RDATA to presentation format, as dig and delv print it (hex upper case, one base64 token). */
import { type Name, nameToFqdn, readName } from './name';
import { typeToText } from './rr-types';

const u16 = (b: Uint8Array, o: number): number => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u32 = (b: Uint8Array, o: number): number => u16(b, o) * 65536 + u16(b, o + 2);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

const B32HEX = '0123456789abcdefghijklmnopqrstuv';
export function base32hex(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32HEX.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32HEX.charAt((value << (5 - bits)) & 31);
  return out;
}

export function characterString(b: Uint8Array): string {
  let s = '"';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) s += `\\${String.fromCharCode(c)}`;
    else if (c < 0x20 || c >= 0x7f) s += `\\${c.toString().padStart(3, '0')}`;
    else s += String.fromCharCode(c);
  }
  return `${s}"`;
}

/** Serial time of an RRSIG as YYYYMMDDHHmmSS. */
export function sigTime(t: number): string {
  return new Date(t * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function typeBitmapToText(b: Uint8Array): string {
  return bitmapTypes(b).map(typeToText).join(' ');
}

export function bitmapTypes(b: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i + 2 <= b.length) {
    const window = b[i] ?? 0;
    const len = b[i + 1] ?? 0;
    for (let j = 0; j < len; j++) {
      const byte = b[i + 2 + j] ?? 0;
      for (let k = 0; k < 8; k++) if (byte & (0x80 >> k)) out.push(window * 256 + j * 8 + k);
    }
    i += 2 + len;
  }
  return out;
}

function name(rd: Uint8Array, o: number): { name: Name; next: number } {
  return readName(rd, o);
}

function strings(rd: Uint8Array, from: number): string[] {
  const out: string[] = [];
  let p = from;
  while (p < rd.length) {
    const len = rd[p] ?? 0;
    out.push(characterString(rd.subarray(p + 1, p + 1 + len)));
    p += len + 1;
  }
  return out;
}

function generic(rd: Uint8Array): string {
  return rd.length === 0 ? '\\# 0' : `\\# ${rd.length} ${hex(rd)}`;
}

function known(type: number, rd: Uint8Array): string | undefined {
  switch (type) {
    case 1:
      return rd.length === 4 ? Array.from(rd).join('.') : undefined;
    case 28: {
      if (rd.length !== 16) return undefined;
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(u16(rd, i).toString(16));
      let best = -1;
      let bestLen = 1;
      for (let i = 0; i < 8; i++) {
        let j = i;
        while (j < 8 && groups[j] === '0') j++;
        if (j - i > bestLen) [best, bestLen] = [i, j - i];
      }
      if (best < 0) return groups.join(':');
      return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
    }
    case 2:
    case 5:
    case 12:
    case 39:
      return nameToFqdn(name(rd, 0).name);
    case 6: {
      const m = name(rd, 0);
      const r = name(rd, m.next);
      const o = r.next;
      const nums = [0, 4, 8, 12, 16].map((k) => u32(rd, o + k));
      return `${nameToFqdn(m.name)} ${nameToFqdn(r.name)} ${nums.join(' ')}`;
    }
    case 15:
    case 18:
    case 36:
      return `${u16(rd, 0)} ${nameToFqdn(name(rd, 2).name)}`;
    case 16:
    case 99:
      return strings(rd, 0).join(' ');
    case 13:
      return strings(rd, 0).join(' ');
    case 33:
      return `${u16(rd, 0)} ${u16(rd, 2)} ${u16(rd, 4)} ${nameToFqdn(name(rd, 6).name)}`;
    case 35: {
      let p = 4;
      const s: string[] = [];
      for (let i = 0; i < 3; i++) {
        const len = rd[p] ?? 0;
        s.push(characterString(rd.subarray(p + 1, p + 1 + len)));
        p += len + 1;
      }
      return `${u16(rd, 0)} ${u16(rd, 2)} ${s.join(' ')} ${nameToFqdn(name(rd, p).name)}`;
    }
    case 43:
    case 59:
      return `${u16(rd, 0)} ${rd[2]} ${rd[3]} ${hex(rd.subarray(4))}`;
    case 48:
    case 60:
      return `${u16(rd, 0)} ${rd[2]} ${rd[3]} ${b64(rd.subarray(4))}`;
    case 46: {
      const signer = name(rd, 18);
      return `${typeToText(u16(rd, 0))} ${rd[2]} ${rd[3]} ${u32(rd, 4)} ${sigTime(u32(rd, 8))} ${sigTime(u32(rd, 12))} ${u16(rd, 16)} ${nameToFqdn(signer.name)} ${b64(rd.subarray(signer.next))}`;
    }
    case 47: {
      const n = name(rd, 0);
      return `${nameToFqdn(n.name)} ${typeBitmapToText(rd.subarray(n.next))}`.trim();
    }
    case 50: {
      const saltLen = rd[4] ?? 0;
      const salt = saltLen === 0 ? '-' : hex(rd.subarray(5, 5 + saltLen));
      const hl = rd[5 + saltLen] ?? 0;
      const next = rd.subarray(6 + saltLen, 6 + saltLen + hl);
      const types = typeBitmapToText(rd.subarray(6 + saltLen + hl));
      return `${rd[0]} ${rd[1]} ${u16(rd, 2)} ${salt} ${base32hex(next).toUpperCase()} ${types}`.trim();
    }
    case 51: {
      const saltLen = rd[4] ?? 0;
      return `${rd[0]} ${rd[1]} ${u16(rd, 2)} ${saltLen === 0 ? '-' : hex(rd.subarray(5, 5 + saltLen))}`;
    }
    case 52:
    case 53:
      return `${rd[0]} ${rd[1]} ${rd[2]} ${hex(rd.subarray(3))}`;
    case 61:
      return b64(rd);
    default:
      return undefined;
  }
}

/** Presentation format of RDATA; RFC 3597 `\# len hex` when the type is unknown or malformed. */
export function rdataToText(type: number, rdata: Uint8Array): string {
  try {
    return known(type, rdata) ?? generic(rdata);
  } catch {
    return generic(rdata);
  }
}
