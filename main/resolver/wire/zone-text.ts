/**
 * Presentation-format records to wire form: trust-anchor files (dnssec-signzone `dsset-`, ldns
 * `.ds`, `dig DNSKEY` output) and test fixtures. Supports $ORIGIN/$TTL, parentheses, comments.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { WireRecord } from './message';
import { type Name, ROOT, labelsOf, fromLabels, textToName } from './name';
import { textToType } from './rr-types';
import { WireError } from './wire-error';
import { fromBase32hex, typeBitmap } from './encodings';
import { QUOTED, tokenize } from './zone-tokenizer';

const bytes = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const arrs = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrs.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrs) {
    out.set(a, o);
    o += a.length;
  }
  return out;
};
const be16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
const be32 = (n: number): number[] => [
  (n >>> 24) & 0xff,
  (n >>> 16) & 0xff,
  (n >>> 8) & 0xff,
  n & 0xff,
];

function int(t: string | undefined, max: number): number {
  if (t === undefined || !/^[0-9]+$/.test(t))
    throw new WireError(`expected a number, got ${t ?? 'nothing'}`);
  const n = Number(t);
  if (n > max) throw new WireError(`number out of range: ${t}`);
  return n;
}

function hexBytes(t: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(t)) throw new WireError('bad hex');
  return Uint8Array.from(Buffer.from(t, 'hex'));
}

function b64Bytes(t: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*=*$/.test(t)) throw new WireError('bad base64');
  return Uint8Array.from(Buffer.from(t, 'base64'));
}

function charString(t: string): Uint8Array {
  const raw = t.startsWith(QUOTED) ? t.slice(1) : t;
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (c === '\\') {
      const d = raw.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(d)) {
        out.push(Number(d) & 0xff);
        i += 3;
      } else {
        out.push(raw.charCodeAt(i + 1) & 0xff);
        i += 1;
      }
    } else for (const b of Buffer.from(c, 'utf8')) out.push(b);
  }
  if (out.length > 255) throw new WireError('character-string longer than 255 octets');
  return Uint8Array.from([out.length, ...out]);
}

function ipv6(t: string): number[] {
  const [head = '', tail] = t.split('::');
  const h = head === '' ? [] : head.split(':');
  const tl = tail === undefined ? [] : tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? 0 : 8 - h.length - tl.length;
  const groups = [...h, ...Array<string>(fill).fill('0'), ...tl];
  return groups.flatMap((g) => be16(parseInt(g, 16)));
}

function sigTimeValue(t: string | undefined): number {
  if (t && /^[0-9]{14}$/.test(t)) {
    const iso = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}Z`;
    return Math.floor(Date.parse(iso) / 1000) >>> 0;
  }
  return int(t, 0xffffffff);
}

function typeList(ts: string[]): number[] {
  return ts.map((t) => {
    const n = textToType(t);
    if (n === undefined) throw new WireError(`unknown type ${t}`);
    return n;
  });
}

function rdataFromText(type: number, f: string[], origin: Name): Uint8Array {
  const nm = (t: string | undefined): Name => absolute(t ?? '', origin);
  if (f[0] === '\\#') {
    const len = int(f[1], 0xffff);
    const rd = hexBytes(f.slice(2).join(''));
    if (rd.length !== len) throw new WireError('generic RDATA length mismatch');
    return rd;
  }
  switch (type) {
    case 1:
      if (!isIPv4(f[0] ?? '')) throw new WireError('bad IPv4 address');
      return Uint8Array.from((f[0] ?? '').split('.').map(Number));
    case 28:
      if (!isIPv6(f[0] ?? '')) throw new WireError('bad IPv6 address');
      return Uint8Array.from(ipv6(f[0] ?? ''));
    case 2:
    case 5:
    case 12:
    case 39:
      return nm(f[0]);
    case 15:
    case 18:
    case 36:
      return bytes(be16(int(f[0], 0xffff)), nm(f[1]));
    case 6:
      return bytes(nm(f[0]), nm(f[1]), ...f.slice(2, 7).map((x) => be32(int(x, 0xffffffff))));
    case 16:
    case 13:
    case 99:
      return bytes(...f.map(charString));
    case 33:
      return bytes(
        be16(int(f[0], 0xffff)),
        be16(int(f[1], 0xffff)),
        be16(int(f[2], 0xffff)),
        nm(f[3]),
      );
    case 35:
      return bytes(
        be16(int(f[0], 0xffff)),
        be16(int(f[1], 0xffff)),
        charString(f[2] ?? ''),
        charString(f[3] ?? ''),
        charString(f[4] ?? ''),
        nm(f[5]),
      );
    case 43:
    case 59:
      return bytes(
        be16(int(f[0], 0xffff)),
        [int(f[1], 255), int(f[2], 255)],
        hexBytes(f.slice(3).join('')),
      );
    case 48:
    case 60:
      return bytes(
        be16(int(f[0], 0xffff)),
        [int(f[1], 255), int(f[2], 255)],
        b64Bytes(f.slice(3).join('')),
      );
    case 46: {
      const covered = textToType(f[0] ?? '');
      if (covered === undefined) throw new WireError('bad RRSIG type covered');
      return bytes(
        be16(covered),
        [int(f[1], 255), int(f[2], 255)],
        be32(int(f[3], 0xffffffff)),
        be32(sigTimeValue(f[4])),
        be32(sigTimeValue(f[5])),
        be16(int(f[6], 0xffff)),
        nm(f[7]),
        b64Bytes(f.slice(8).join('')),
      );
    }
    case 47:
      return bytes(nm(f[0]), typeBitmap(typeList(f.slice(1))));
    case 50: {
      const salt = f[3] === '-' ? new Uint8Array() : hexBytes(f[3] ?? '');
      const next = fromBase32hex(f[4] ?? '');
      return bytes(
        [int(f[0], 255), int(f[1], 255)],
        be16(int(f[2], 0xffff)),
        [salt.length],
        salt,
        [next.length],
        next,
        typeBitmap(typeList(f.slice(5))),
      );
    }
    case 51: {
      const salt = f[3] === '-' ? new Uint8Array() : hexBytes(f[3] ?? '');
      return bytes([int(f[0], 255), int(f[1], 255)], be16(int(f[2], 0xffff)), [salt.length], salt);
    }
    case 52:
    case 53:
      return bytes([int(f[0], 255), int(f[1], 255), int(f[2], 255)], hexBytes(f.slice(3).join('')));
    default:
      throw new WireError(`no presentation parser for type ${type}; use \\# syntax`);
  }
}

function absolute(text: string, origin: Name): Name {
  if (text === '@') return origin;
  if (text.endsWith('.') && !text.endsWith('\\.')) return textToName(text);
  const rel = textToName(text);
  return fromLabels([...labelsOf(rel), ...labelsOf(origin)]);
}

/** Parses zone-file text into records. Throws WireError with the line on bad input. */
export function parseZoneText(
  text: string,
  opts: { origin?: string; defaultTtl?: number; onlyTypes?: readonly number[] } = {},
): WireRecord[] {
  let origin = opts.origin ? textToName(opts.origin) : ROOT;
  let defaultTtl = opts.defaultTtl ?? 3600;
  let owner: Name | undefined;
  const out: WireRecord[] = [];
  for (const line of tokenize(text)) {
    const [first = '', ...rest] = line;
    if (first === '$ORIGIN') {
      origin = textToName(rest[0] ?? '.');
      continue;
    }
    if (first === '$TTL') {
      defaultTtl = int(rest[0], 0x7fffffff);
      continue;
    }
    if (first.startsWith('$')) continue;
    try {
      if (first !== '') owner = absolute(first, origin);
      if (!owner) throw new WireError('record without an owner name');
      let ttl = defaultTtl;
      let i = 0;
      for (; i < 2; i++) {
        const t = rest[i] ?? '';
        if (/^[0-9]+$/.test(t)) ttl = Number(t);
        else if (/^(IN|CH|HS|CLASS[0-9]+)$/i.test(t)) continue;
        else break;
      }
      const type = textToType(rest[i] ?? '');
      if (opts.onlyTypes && (type === undefined || !opts.onlyTypes.includes(type))) continue;
      if (type === undefined) throw new WireError(`unknown type ${rest[i] ?? ''}`);
      out.push({
        owner,
        type,
        klass: 1,
        ttl,
        rdata: rdataFromText(type, rest.slice(i + 1), origin),
      });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new WireError(
        `cannot parse record "${line.join(' ').replaceAll(QUOTED, '"')}": ${why}`,
      );
    }
  }
  return out;
}
