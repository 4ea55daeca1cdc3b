/**
 * Our own walk over a DNS message: each RR with its owner and RDATA as uncompressed wire bytes
 * (dns-packet cannot give raw RDATA, reference/dnssec.md §1.5). Throws WireError on anything
 * malformed; callers treat that as "no usable response".
 */
import { type Name, readName } from './name';
import { LAYOUTS } from './rr-types';
import { WireError } from './wire-error';

export interface WireRecord {
  owner: Name;
  type: number;
  klass: number;
  ttl: number;
  /** Uncompressed RDATA, original case. */
  rdata: Uint8Array;
}

export interface WireMessage {
  id: number;
  qr: boolean;
  aa: boolean;
  tc: boolean;
  opcode: number;
  rcode: number;
  question: { name: Name; type: number; klass: number }[];
  answer: WireRecord[];
  authority: WireRecord[];
  additional: WireRecord[];
  /** DO bit of the OPT record, if any. */
  edns?: { udpSize: number; do: boolean };
}

const u16 = (b: Uint8Array, o: number): number => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u32 = (b: Uint8Array, o: number): number => u16(b, o) * 65536 + u16(b, o + 2);

/** Expands names inside RDATA for types whose layout we know; others are copied opaque. */
export function decompressRdata(
  msg: Uint8Array,
  start: number,
  length: number,
  type: number,
): Uint8Array {
  const end = start + length;
  const layout = LAYOUTS.get(type);
  if (!layout) return msg.slice(start, end);
  const parts: Uint8Array[] = [];
  let pos = start;
  for (const f of layout.fields) {
    if (f === 'n') {
      const { name, next } = readName(msg, pos);
      if (next > end) throw new WireError('name in RDATA runs past RDLENGTH');
      parts.push(name);
      pos = next;
    } else {
      const n = f === 's' ? (msg[pos] ?? 0) + 1 : f;
      if (pos + n > end) throw new WireError('RDATA shorter than its type requires');
      parts.push(msg.subarray(pos, pos + n));
      pos += n;
    }
  }
  parts.push(msg.subarray(pos, end));
  const size = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function parseMessage(msg: Uint8Array): WireMessage {
  if (msg.length < 12) throw new WireError('message shorter than a header');
  const flags = u16(msg, 2);
  const counts = [u16(msg, 4), u16(msg, 6), u16(msg, 8), u16(msg, 10)] as const;
  let pos = 12;
  const question: WireMessage['question'] = [];
  for (let i = 0; i < counts[0]; i++) {
    const { name, next } = readName(msg, pos);
    if (next + 4 > msg.length) throw new WireError('truncated question');
    question.push({ name, type: u16(msg, next), klass: u16(msg, next + 2) });
    pos = next + 4;
  }
  const sections: WireRecord[][] = [[], [], []];
  let edns: WireMessage['edns'];
  let extRcode = 0;
  for (let s = 0; s < 3; s++) {
    const count = counts[s + 1] ?? 0;
    for (let i = 0; i < count; i++) {
      const { name, next } = readName(msg, pos);
      if (next + 10 > msg.length) throw new WireError('truncated resource record');
      const type = u16(msg, next);
      const klass = u16(msg, next + 2);
      const ttl = u32(msg, next + 4);
      const rdlen = u16(msg, next + 8);
      const start = next + 10;
      if (start + rdlen > msg.length) throw new WireError('RDATA runs past the end');
      if (type === 41) {
        edns = { udpSize: klass, do: (ttl & 0x8000) !== 0 };
        extRcode = (ttl >>> 24) & 0xff;
      } else {
        sections[s]?.push({
          owner: name,
          type,
          klass,
          ttl,
          rdata: decompressRdata(msg, start, rdlen, type),
        });
      }
      pos = start + rdlen;
    }
  }
  const out: WireMessage = {
    id: u16(msg, 0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rcode: (flags & 0xf) | (extRcode << 4),
    question,
    answer: sections[0] ?? [],
    authority: sections[1] ?? [],
    additional: sections[2] ?? [],
  };
  if (edns) out.edns = edns;
  return out;
}

/** Reads just the ID and question of a response (cheap pre-check in the transport). */
export function peekHeader(msg: Uint8Array): {
  id: number;
  qr: boolean;
  tc: boolean;
  qname?: Name;
  qtype?: number;
  qdcount: number;
} {
  if (msg.length < 12) throw new WireError('message shorter than a header');
  const qdcount = u16(msg, 4);
  const head = {
    id: u16(msg, 0),
    qr: (msg[2] ?? 0) >= 0x80,
    tc: ((msg[2] ?? 0) & 0x02) !== 0,
    qdcount,
  };
  if (qdcount !== 1) return head;
  const { name, next } = readName(msg, 12);
  if (next + 4 > msg.length) throw new WireError('truncated question');
  return { ...head, qname: name, qtype: u16(msg, next) };
}
