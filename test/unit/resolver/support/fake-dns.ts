/** Test helpers: zone text to records, messages to wire bytes, and a fake upstream. */
import type { QueryTransport } from '../../../../main/resolver/options';
import type { WireRecord } from '../../../../main/resolver/wire/message';
import { type Name, nameKey, textToName } from '../../../../main/resolver/wire/name';
import { textToType } from '../../../../main/resolver/wire/rr-types';
import { parseZoneText } from '../../../../main/resolver/wire/zone-text';

export const zone = (text: string): WireRecord[] => parseZoneText(text);
export const name = textToName;

export function type(t: string): number {
  const n = textToType(t);
  if (n === undefined) throw new Error(`bad type ${t}`);
  return n;
}

export interface FakeMessage {
  id?: number;
  qname: Name;
  qtype: number;
  rcode?: number;
  aa?: boolean;
  tc?: boolean;
  answer?: readonly WireRecord[];
  authority?: readonly WireRecord[];
  additional?: readonly WireRecord[];
}

/** Encodes a response without name compression. */
export function encodeMessage(m: FakeMessage): Uint8Array {
  const parts: number[] = [];
  const u16 = (n: number): void => {
    parts.push((n >> 8) & 0xff, n & 0xff);
  };
  const u32 = (n: number): void => {
    parts.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  };
  const sections = [m.answer ?? [], m.authority ?? [], m.additional ?? []];
  u16(m.id ?? 0);
  u16(
    0x8000 | (m.aa === false ? 0 : 0x0400) | (m.tc ? 0x0200 : 0) | 0x0100 | 0x0010 | (m.rcode ?? 0),
  );
  u16(1);
  for (const s of sections) u16(s.length);
  parts.push(...m.qname);
  u16(m.qtype);
  u16(1);
  for (const s of sections)
    for (const r of s) {
      parts.push(...r.owner);
      u16(r.type);
      u16(r.klass);
      u32(r.ttl);
      u16(r.rdata.length);
      parts.push(...r.rdata);
    }
  return Uint8Array.from(parts);
}

type Reply =
  Omit<FakeMessage, 'qname' | 'qtype'> | ((q: { name: Name; type: number }) => Uint8Array);

/** Canned responses keyed by (name, type); anything else is REFUSED. Counts queries. */
export class FakeUpstream {
  private readonly replies = new Map<string, Reply>();
  queries: string[] = [];

  on(qname: string, qtype: string, reply: Reply): this {
    this.replies.set(`${nameKey(textToName(qname))}/${type(qtype)}`, reply);
    return this;
  }

  readonly transport: QueryTransport = (q) => {
    const key = `${nameKey(q.name)}/${q.type}`;
    this.queries.push(key);
    const r = this.replies.get(key);
    if (typeof r === 'function') return Promise.resolve(r(q));
    return Promise.resolve(encodeMessage({ qname: q.name, qtype: q.type, ...(r ?? { rcode: 5 }) }));
  };
}

export function byType(records: readonly WireRecord[], ...types: string[]): WireRecord[] {
  const wanted = new Set(types.map(type));
  return records.filter(
    (r) =>
      wanted.has(r.type) ||
      (r.type === 46 && wanted.has(((r.rdata[0] ?? 0) << 8) | (r.rdata[1] ?? 0))),
  );
}
