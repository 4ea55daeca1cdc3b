/** NSEC denial proofs (RFC 4035 §5.4, §3.1.3; RFC 4034 §4). Input: authenticated NSEC RRs. */
import type { WireRecord } from '../wire/message';
import {
  type Name,
  commonLabels,
  compareNames,
  isSubdomain,
  labelCount,
  nameToFqdn,
  namesEqual,
  prependLabel,
  readName,
  suffixName,
} from '../wire/name';
import { bitmapTypes } from '../wire/rdata-text';
import { T, typeToText } from '../wire/rr-types';
import {
  type CutProbe,
  type Proof,
  SECURE,
  bogus,
  cutProbeAtMatch,
  isDelegation,
  nodataAtMatch,
} from './proof';

export interface Nsec {
  owner: Name;
  next: Name;
  types: Set<number>;
}

export function parseNsec(rec: WireRecord): Nsec {
  const { name, next } = readName(rec.rdata, 0);
  return { owner: rec.owner, next: name, types: new Set(bitmapTypes(rec.rdata.subarray(next))) };
}

export class NsecSet {
  constructor(
    private readonly nsecs: readonly Nsec[],
    private readonly zone: Name,
  ) {}

  match(name: Name): Nsec | undefined {
    return this.nsecs.find((n) => namesEqual(n.owner, name));
  }

  /** An NSEC proving `name` absent: owner < name < next (or the last NSEC wrapping to the apex). */
  cover(name: Name): Nsec | undefined {
    if (!isSubdomain(name, this.zone)) return undefined;
    return this.nsecs.find((n) => {
      if (compareNames(n.owner, name) >= 0) return false;
      // An NSEC at a delegation or DNAME says nothing about names below it.
      if (isSubdomain(name, n.owner) && (isDelegation(n.types) || n.types.has(T.DNAME)))
        return false;
      const last = compareNames(n.next, n.owner) <= 0;
      return last || compareNames(name, n.next) < 0;
    });
  }

  private closestEncloser(name: Name, cover: Nsec): Name {
    const labels = Math.max(
      commonLabels(name, cover.owner),
      commonLabels(name, cover.next),
      labelCount(this.zone),
    );
    return suffixName(name, labels);
  }

  nxdomain(qname: Name): Proof {
    const c = this.cover(qname);
    if (!c) return bogus(`no NSEC proves that ${nameToFqdn(qname)} does not exist`);
    if (isSubdomain(c.next, qname) && !namesEqual(c.next, qname))
      return bogus(`${nameToFqdn(qname)} is an empty non-terminal, yet the answer says NXDOMAIN`);
    const wild = prependLabel('*', this.closestEncloser(qname, c));
    if (this.match(wild))
      return bogus(
        `wildcard ${nameToFqdn(wild)} exists, so ${nameToFqdn(qname)} should have been synthesised`,
      );
    if (!this.cover(wild))
      return bogus(`no NSEC proves that wildcard ${nameToFqdn(wild)} does not exist`);
    return SECURE;
  }

  nodata(qname: Name, qtype: number): Proof {
    const m = this.match(qname);
    if (m) {
      if (m.types.has(qtype))
        return bogus(`the NSEC at ${nameToFqdn(qname)} says ${typeToText(qtype)} exists`);
      if (m.types.has(T.CNAME))
        return bogus(`the NSEC at ${nameToFqdn(qname)} says a CNAME exists`);
      return nodataAtMatch('NSEC', m.types, qname, qtype);
    }
    const c = this.cover(qname);
    if (!c) return bogus(`no NSEC matches or covers ${nameToFqdn(qname)}`);
    if (isSubdomain(c.next, qname) && !namesEqual(c.next, qname)) return SECURE; // empty non-terminal
    const wild = prependLabel('*', this.closestEncloser(qname, c));
    const w = this.match(wild);
    if (w && !w.types.has(qtype) && !w.types.has(T.CNAME)) return SECURE; // wildcard NODATA
    return bogus(`no NSEC proves that ${typeToText(qtype)} at ${nameToFqdn(qname)} does not exist`);
  }

  /** Wildcard answer: the query name itself must be proven absent. */
  wildcardAnswer(qname: Name): Proof {
    return this.cover(qname)
      ? SECURE
      : bogus(`wildcard answer for ${nameToFqdn(qname)} without an NSEC proving the name absent`);
  }

  /** Reads a DS denial for `name` while walking down (is it an unsigned delegation?). */
  cutProbe(name: Name): CutProbe {
    const m = this.match(name);
    if (m) return cutProbeAtMatch('NSEC', m.types, name);
    const c = this.cover(name);
    if (!c)
      return { kind: 'bogus', reason: `no NSEC proves the DS denial for ${nameToFqdn(name)}` };
    if (isSubdomain(c.next, name)) return { kind: 'no-cut' };
    return { kind: 'nonexistent' };
  }
}
