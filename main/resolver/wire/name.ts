/**
 * Domain names as wire bytes (uncompressed, original case, root label included). Validation
 * works on bytes; strings are only for display and map keys (RFC 4034 §6.1 ordering).
 */
import { WireError } from './wire-error';

export type Name = Uint8Array;

export const ROOT: Name = new Uint8Array([0]);
const MAX_NAME = 255;

/** Reads a (possibly compressed) name from a message. Pointers must point backwards. */
export function readName(msg: Uint8Array, offset: number): { name: Name; next: number } {
  const out: number[] = [];
  let pos = offset;
  let next = -1;
  let hops = 0;
  for (;;) {
    if (pos >= msg.length) throw new WireError('name runs past the end of the message');
    const len = msg[pos] ?? 0;
    if (len === 0) {
      out.push(0);
      if (next < 0) next = pos + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= msg.length) throw new WireError('truncated compression pointer');
      const target = ((len & 0x3f) << 8) | (msg[pos + 1] ?? 0);
      if (next < 0) next = pos + 2;
      if (target >= pos || ++hops > 64) throw new WireError('bad compression pointer');
      pos = target;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new WireError('unknown label type');
    if (pos + 1 + len > msg.length) throw new WireError('label runs past the end');
    for (let i = 0; i <= len; i++) out.push(msg[pos + i] ?? 0);
    if (out.length > MAX_NAME) throw new WireError('name longer than 255 octets');
    pos += len + 1;
  }
  return { name: Uint8Array.from(out), next };
}

const lowerByte = (b: number): number => (b >= 0x41 && b <= 0x5a ? b + 32 : b);

/** ASCII lower-casing of every label (never Unicode folding). */
export function lowerName(name: Name): Name {
  const out = new Uint8Array(name.length);
  let i = 0;
  while (i < name.length) {
    const len = name[i] ?? 0;
    out[i] = len;
    for (let j = 1; j <= len; j++) out[i + j] = lowerByte(name[i + j] ?? 0);
    i += len + 1;
    if (len === 0) break;
  }
  return out;
}

/** Labels, most significant last, without the root label. */
export function labelsOf(name: Name): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < name.length) {
    const len = name[i] ?? 0;
    if (len === 0) break;
    out.push(name.subarray(i + 1, i + 1 + len));
    i += len + 1;
  }
  return out;
}

export function labelCount(name: Name): number {
  return labelsOf(name).length;
}

export function fromLabels(labels: readonly Uint8Array[]): Name {
  const size = labels.reduce((n, l) => n + l.length + 1, 1);
  const out = new Uint8Array(size);
  let i = 0;
  for (const l of labels) {
    out[i++] = l.length;
    out.set(l, i);
    i += l.length;
  }
  out[i] = 0;
  return out;
}

/** The rightmost `count` labels of a name. */
export function suffixName(name: Name, count: number): Name {
  const labels = labelsOf(name);
  return fromLabels(labels.slice(labels.length - count));
}

export function parentName(name: Name): Name {
  const n = labelCount(name);
  return n === 0 ? ROOT : suffixName(name, n - 1);
}

export function prependLabel(label: string | Uint8Array, name: Name): Name {
  const bytes = typeof label === 'string' ? new TextEncoder().encode(label) : label;
  return fromLabels([bytes, ...labelsOf(name)]);
}

export function isWildcard(name: Name): boolean {
  return name[0] === 1 && name[1] === 0x2a;
}

function compareLabel(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = lowerByte(a[i] ?? 0) - lowerByte(b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** RFC 4034 §6.1 canonical order: negative if a sorts before b. */
export function compareNames(a: Name, b: Name): number {
  const la = labelsOf(a);
  const lb = labelsOf(b);
  for (let i = 1; i <= Math.min(la.length, lb.length); i++) {
    const d = compareLabel(
      la[la.length - i] ?? new Uint8Array(),
      lb[lb.length - i] ?? new Uint8Array(),
    );
    if (d !== 0) return d;
  }
  return la.length - lb.length;
}

export function namesEqual(a: Name, b: Name): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if (lowerByte(a[i] ?? 0) !== lowerByte(b[i] ?? 0)) return false;
  return true;
}

/** True if `name` equals `ancestor` or lies below it. */
export function isSubdomain(name: Name, ancestor: Name): boolean {
  const n = labelCount(name);
  const a = labelCount(ancestor);
  return n >= a && namesEqual(suffixName(name, a), ancestor);
}

/** Number of rightmost labels two names share. */
export function commonLabels(a: Name, b: Name): number {
  const la = labelsOf(a);
  const lb = labelsOf(b);
  let n = 0;
  while (n < la.length && n < lb.length) {
    const x = la[la.length - 1 - n] ?? new Uint8Array();
    const y = lb[lb.length - 1 - n] ?? new Uint8Array();
    if (compareLabel(x, y) !== 0) break;
    n++;
  }
  return n;
}

function labelToText(label: Uint8Array): string {
  let s = '';
  for (const b of label) {
    if (
      b === 0x2e ||
      b === 0x5c ||
      b === 0x22 ||
      b === 0x28 ||
      b === 0x29 ||
      b === 0x3b ||
      b === 0x40 ||
      b === 0x24
    )
      s += `\\${String.fromCharCode(b)}`;
    else if (b <= 0x20 || b >= 0x7f) s += `\\${b.toString().padStart(3, '0')}`;
    else s += String.fromCharCode(b);
  }
  return s;
}

/** Presentation form without the trailing dot; the root is "". */
export function nameToText(name: Name): string {
  return labelsOf(name).map(labelToText).join('.');
}

/** Presentation form with the trailing dot (as dig prints names inside RDATA). */
export function nameToFqdn(name: Name): string {
  const t = nameToText(name);
  return t === '' ? '.' : `${t}.`;
}

/** Lower-case presentation form: the key for maps and caches. */
export function nameKey(name: Name): string {
  return nameToText(lowerName(name));
}

/** Parses presentation form (escapes \X and \DDD); relative names are taken as absolute. */
export function textToName(text: string): Name {
  const t = text.trim();
  if (t === '' || t === '.') return ROOT;
  const labels: Uint8Array[] = [];
  let cur: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x5c) {
      const d = t.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(d)) {
        const v = Number(d);
        if (v > 255) throw new WireError(`bad escape in name: ${text}`);
        cur.push(v);
        i += 3;
      } else if (i + 1 < t.length) {
        cur.push(t.charCodeAt(i + 1) & 0xff);
        i += 1;
      } else throw new WireError(`trailing backslash in name: ${text}`);
    } else if (c === 0x2e) {
      if (cur.length === 0) {
        if (i === t.length - 1) break;
        throw new WireError(`empty label in name: ${text}`);
      }
      labels.push(Uint8Array.from(cur));
      cur = [];
    } else if (c > 0x7f) {
      for (const b of new TextEncoder().encode(t[i] ?? '')) cur.push(b);
    } else cur.push(c);
  }
  if (cur.length > 0) labels.push(Uint8Array.from(cur));
  if (labels.some((l) => l.length > 63))
    throw new WireError(`label longer than 63 octets: ${text}`);
  const name = fromLabels(labels);
  if (name.length > MAX_NAME) throw new WireError(`name longer than 255 octets: ${text}`);
  return name;
}
