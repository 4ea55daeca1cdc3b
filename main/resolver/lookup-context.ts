/** Per-lookup state shared by the chain walker and the answer validator. */
import type { Dnskey } from './dnssec/records';
import type { VerifyContext } from './dnssec/verify-rrset';
import type { WireMessage, WireRecord } from './wire/message';
import { type Name, namesEqual } from './wire/name';
import { T } from './wire/rr-types';
import { parseRrsig, type Rrsig } from './dnssec/records';

export interface LookupContext extends VerifyContext {
  signal?: AbortSignal;
  /** Queries already made in this lookup (dedupes DS/DNSKEY fetches). */
  inflight: Map<string, Promise<QueryResult>>;
  /** Names visited while following CNAME/DNAME (loop detection). */
  visited: Set<string>;
  hops: number;
}

export type QueryResult = { ok: true; msg: WireMessage } | { ok: false; reason: string };

export interface Querier {
  query(ctx: LookupContext, name: Name, type: number): Promise<QueryResult>;
}

export type ZoneState =
  | { kind: 'secure'; zone: Name; keys: Dnskey[]; ttl: number; anchor: Name }
  | { kind: 'insecure'; zone: Name; reason: string; ttl: number }
  | { kind: 'bogus'; reason: string }
  | { kind: 'indeterminate'; reason: string };

export interface ZoneFinder {
  /** The deepest zone on the path from a trust anchor to `target`, or why there is none. */
  findZone(ctx: LookupContext, target: Name): Promise<ZoneState>;
}

export function rrsetOf(records: readonly WireRecord[], owner: Name, type: number): WireRecord[] {
  return records.filter((r) => r.type === type && r.klass === 1 && namesEqual(r.owner, owner));
}

/** RRSIGs at `owner` covering `type`; malformed RRSIGs are skipped. */
export function sigsOf(records: readonly WireRecord[], owner: Name, type: number): Rrsig[] {
  const out: Rrsig[] = [];
  for (const r of records) {
    if (r.type !== T.RRSIG || !namesEqual(r.owner, owner)) continue;
    try {
      const s = parseRrsig(r);
      if (s.typeCovered === type) out.push(s);
    } catch {
      // malformed RRSIG: ignored
    }
  }
  return out;
}
