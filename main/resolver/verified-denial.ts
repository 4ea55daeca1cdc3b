/** The NSEC/NSEC3 RRsets of a response's authority section, each verified with the zone's keys. */
import { NsecSet, parseNsec } from './dnssec/nsec';
import { Nsec3Set, parseNsec3, type Nsec3 } from './dnssec/nsec3';
import type { Dnskey } from './dnssec/records';
import { verifyRrset } from './dnssec/verify-rrset';
import { type LookupContext, rrsetOf, sigsOf } from './lookup-context';
import type { WireMessage } from './wire/message';
import { type Name, nameKey, nameToFqdn } from './wire/name';
import { T } from './wire/rr-types';

export interface Denial {
  nsec?: NsecSet;
  nsec3?: Nsec3Set;
  ttl: number;
  failures: string[];
}

/** Verifies the NSEC/NSEC3 RRsets of a response's authority section with the zone's keys. */
export function verifiedDenial(
  ctx: LookupContext,
  msg: WireMessage,
  zone: Name,
  keys: readonly Dnskey[],
): Denial {
  const out: Denial = { ttl: Infinity, failures: [] };
  const nsecs = [];
  const nsec3s: Nsec3[] = [];
  const seen = new Set<string>();
  let count = 0;
  for (const r of msg.authority) {
    if (r.type !== T.NSEC && r.type !== T.NSEC3) continue;
    const key = `${nameKey(r.owner)}/${r.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (++count > 16) break;
    const set = rrsetOf(msg.authority, r.owner, r.type);
    const v = verifyRrset(set, sigsOf(msg.authority, r.owner, r.type), zone, keys, ctx);
    if (!v.ok) {
      out.failures.push(v.reason);
      continue;
    }
    out.ttl = Math.min(out.ttl, v.ttl);
    for (const rec of set) {
      try {
        if (r.type === T.NSEC) nsecs.push(parseNsec(rec));
        else {
          const n = parseNsec3(rec);
          if (n) nsec3s.push(n);
        }
      } catch {
        out.failures.push(
          `malformed ${r.type === T.NSEC ? 'NSEC' : 'NSEC3'} at ${nameToFqdn(r.owner)}`,
        );
      }
    }
  }
  if (nsecs.length > 0) out.nsec = new NsecSet(nsecs, zone);
  if (nsec3s.length > 0) out.nsec3 = new Nsec3Set(nsec3s, zone, ctx.budget);
  return out;
}
