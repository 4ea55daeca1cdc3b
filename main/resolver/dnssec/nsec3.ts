/** NSEC3 denial proofs (RFC 5155 §8, §9.2; RFC 9276 iteration limit). Input: authenticated NSEC3 RRs. */
import { createHash } from 'node:crypto';
import type { WireRecord } from '../wire/message';
import {
  type Name,
  isSubdomain,
  labelCount,
  labelsOf,
  lowerName,
  nameToFqdn,
  namesEqual,
  parentName,
  prependLabel,
  suffixName,
} from '../wire/name';
import { bitmapTypes } from '../wire/rdata-text';
import { T, typeToText } from '../wire/rr-types';
import { fromBase32hex } from '../wire/encodings';
import { compareBytes } from './canonical';
import {
  type CutProbe,
  type Proof,
  SECURE,
  bogus,
  cutProbeAtMatch,
  isDelegation,
  nodataAtMatch,
} from './proof';
import type { WorkBudget } from './work-budget';

export interface Nsec3 {
  owner: Name;
  hash: Uint8Array;
  zone: Name;
  hashAlg: number;
  flags: number;
  iterations: number;
  salt: Uint8Array;
  next: Uint8Array;
  types: Set<number>;
}

export function parseNsec3(rec: WireRecord): Nsec3 | undefined {
  const rd = rec.rdata;
  if (rd.length < 6) return undefined;
  const saltLen = rd[4] ?? 0;
  const hl = rd[5 + saltLen] ?? 0;
  if (6 + saltLen + hl > rd.length || hl === 0) return undefined;
  const first = labelsOf(rec.owner)[0];
  if (!first) return undefined;
  let hash: Uint8Array;
  try {
    hash = fromBase32hex(new TextDecoder().decode(first));
  } catch {
    return undefined;
  }
  if (hash.length !== hl) return undefined;
  return {
    owner: rec.owner,
    hash,
    zone: parentName(rec.owner),
    hashAlg: rd[0] ?? 0,
    flags: rd[1] ?? 0,
    iterations: ((rd[2] ?? 0) << 8) | (rd[3] ?? 0),
    salt: rd.subarray(5, 5 + saltLen),
    next: rd.subarray(6 + saltLen, 6 + saltLen + hl),
    types: new Set(bitmapTypes(rd.subarray(6 + saltLen + hl))),
  };
}

/** RFC 5155 §5: IH(salt, x, k). */
export function nsec3Hash(name: Name, salt: Uint8Array, iterations: number): Uint8Array {
  let h: Uint8Array = createHash('sha1').update(lowerName(name)).update(salt).digest();
  for (let i = 0; i < iterations; i++) h = createHash('sha1').update(h).update(salt).digest();
  return h;
}

const optOut = (n: Nsec3): boolean => (n.flags & 1) === 1;

type Encloser = { ce: Name; nc: Name; ncCover: Nsec3 } | { error: string };

export class Nsec3Set {
  private readonly usable: Nsec3[];
  private readonly hashes = new Map<string, Uint8Array | null>();
  /** Set when the proof cannot be evaluated securely (iterations, unknown hash). */
  readonly insecureReason: string | undefined;

  constructor(
    all: readonly Nsec3[],
    private readonly zone: Name,
    private readonly budget: WorkBudget,
  ) {
    const inZone = all.filter((n) => namesEqual(n.zone, zone));
    const known = inZone.filter((n) => n.hashAlg === 1 && (n.flags === 0 || n.flags === 1));
    const p = known[0];
    this.usable = p
      ? known.filter((n) => n.iterations === p.iterations && compareBytes(n.salt, p.salt) === 0)
      : [];
    const max = budget.limits.maxNsec3Iterations;
    // RFC 5155 §8.1/§8.2: NSEC3 with an unknown hash or flags other than 0/1 are ignored (a
    // response holding only those proves nothing, so it ends up bogus).
    if (p && p.iterations > max)
      this.insecureReason = `NSEC3 uses ${p.iterations} iterations, above the limit of ${max} (RFC 9276): treated as insecure`;
  }

  private limitReason(): string {
    return `NSEC3 work limit reached (${this.budget.limits.maxNsec3HashesPerLookup} hashes per lookup)`;
  }

  get empty(): boolean {
    return this.usable.length === 0;
  }

  private hash(name: Name): Uint8Array | null {
    const key = Buffer.from(lowerName(name)).toString('hex');
    const hit = this.hashes.get(key);
    if (hit !== undefined) return hit;
    const p = this.usable[0];
    const h = p && this.budget.takeNsec3Hash() ? nsec3Hash(name, p.salt, p.iterations) : null;
    this.hashes.set(key, h);
    return h;
  }

  match(name: Name): Nsec3 | undefined | null {
    const h = this.hash(name);
    if (!h) return null;
    return this.usable.find((n) => compareBytes(n.hash, h) === 0);
  }

  cover(name: Name): Nsec3 | undefined | null {
    const h = this.hash(name);
    if (!h) return null;
    return this.usable.find((n) => {
      const last = compareBytes(n.next, n.hash) <= 0;
      const afterOwner = compareBytes(n.hash, h) < 0;
      const beforeNext = compareBytes(h, n.next) < 0;
      return last ? afterOwner || beforeNext : afterOwner && beforeNext;
    });
  }

  /** RFC 5155 §8.3 closest (provable) encloser of a name that has no matching NSEC3. */
  private closestEncloser(qname: Name): Encloser {
    const total = labelCount(qname);
    for (let depth = total - 1; depth >= labelCount(this.zone); depth--) {
      const sname = suffixName(qname, depth);
      const m = this.match(sname);
      if (m === null) return { error: this.limitReason() };
      if (!m) continue;
      if (m.types.has(T.DNAME) || isDelegation(m.types))
        return { error: `the closest encloser ${nameToFqdn(sname)} is a delegation or DNAME` };
      const nc = suffixName(qname, depth + 1);
      const ncCover = this.cover(nc);
      if (ncCover === null) return { error: this.limitReason() };
      if (!ncCover) return { error: `no NSEC3 covers the next closer name ${nameToFqdn(nc)}` };
      return { ce: sname, nc, ncCover };
    }
    return { error: `no closest encloser proof for ${nameToFqdn(qname)}` };
  }

  nxdomain(qname: Name): Proof {
    if (this.insecureReason) return { status: 'insecure', reason: this.insecureReason };
    const e = this.closestEncloser(qname);
    if ('error' in e) return bogus(e.error);
    const wild = prependLabel('*', e.ce);
    const wc = this.cover(wild);
    if (wc === null) return bogus(this.limitReason());
    if (!wc) return bogus(`no NSEC3 proves that wildcard ${nameToFqdn(wild)} does not exist`);
    if (optOut(e.ncCover))
      return {
        status: 'insecure',
        reason: `NXDOMAIN proven by an opt-out NSEC3 span (RFC 5155 §9.2): not authenticated`,
      };
    return SECURE;
  }

  nodata(qname: Name, qtype: number): Proof {
    if (this.insecureReason) return { status: 'insecure', reason: this.insecureReason };
    const m = this.match(qname);
    if (m === null) return bogus(this.limitReason());
    if (m) {
      if (m.types.has(qtype) || m.types.has(T.CNAME))
        return bogus(
          `the NSEC3 for ${nameToFqdn(qname)} says ${typeToText(qtype)} or CNAME exists`,
        );
      return nodataAtMatch('NSEC3', m.types, qname, qtype);
    }
    const e = this.closestEncloser(qname);
    if ('error' in e) return bogus(e.error);
    const w = this.match(prependLabel('*', e.ce));
    if (w === null) return bogus(this.limitReason());
    if (w && !w.types.has(qtype) && !w.types.has(T.CNAME)) return SECURE;
    if (qtype === T.DS && optOut(e.ncCover))
      return {
        status: 'insecure',
        reason: `DS denial proven only by an opt-out NSEC3 span (RFC 5155 §8.6, §9.2)`,
      };
    return bogus(
      `no NSEC3 proves that ${typeToText(qtype)} at ${nameToFqdn(qname)} does not exist`,
    );
  }

  /** RFC 5155 §8.8: the next closer name of a wildcard answer must be covered (opt-out or not). */
  wildcardAnswer(qname: Name, sigLabels: number): Proof {
    if (this.insecureReason) return { status: 'insecure', reason: this.insecureReason };
    if (sigLabels + 1 > labelCount(qname)) return bogus('wildcard labels out of range');
    const nc = suffixName(qname, sigLabels + 1);
    const c = this.cover(nc);
    if (c === null) return bogus(this.limitReason());
    if (!c)
      return bogus(
        `wildcard answer for ${nameToFqdn(qname)} without an NSEC3 covering ${nameToFqdn(nc)}`,
      );
    return SECURE;
  }

  cutProbe(name: Name): CutProbe {
    if (this.insecureReason) return { kind: 'insecure', reason: this.insecureReason };
    const m = this.match(name);
    if (m === null) return { kind: 'bogus', reason: this.limitReason() };
    if (m) return cutProbeAtMatch('NSEC3', m.types, name);
    if (!isSubdomain(name, this.zone))
      return { kind: 'bogus', reason: 'NSEC3 from the wrong zone' };
    const e = this.closestEncloser(name);
    if ('error' in e) return { kind: 'bogus', reason: e.error };
    if (optOut(e.ncCover))
      return {
        kind: 'insecure',
        reason: `${nameToFqdn(e.nc)} lies in an opt-out NSEC3 span: any delegation there is unsigned`,
      };
    return { kind: 'nonexistent' };
  }
}
