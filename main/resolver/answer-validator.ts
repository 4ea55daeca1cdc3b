/**
 * Validates one response for (qname, qtype): follows CNAME/DNAME links inside it, validates each
 * RRset against its signer's zone, checks wildcard expansions and NSEC/NSEC3 denials.
 */
import { verifiedDenial } from './chain-of-trust';
import type { Proof } from './dnssec/proof';
import type { Rrsig } from './dnssec/records';
import { verifyRrset } from './dnssec/verify-rrset';
import { type LookupContext, type ZoneFinder, rrsetOf, sigsOf } from './lookup-context';
import type { DnssecStatus } from './types';
import type { WireMessage, WireRecord } from './wire/message';
import {
  type Name,
  fromLabels,
  isSubdomain,
  isWildcard,
  labelCount,
  labelsOf,
  nameToFqdn,
  namesEqual,
  parentName,
  readName,
} from './wire/name';
import { T, rcodeToText, typeToText } from './wire/rr-types';

export interface Verdict {
  status: DnssecStatus;
  reason: string;
  ttl: number;
}

export interface Outcome extends Verdict {
  rcode: number;
  records: WireRecord[];
  /** Set when the chain leaves this response: the caller queries (next, qtype). */
  next?: Name;
}

const RANK: Record<DnssecStatus, number> = { secure: 0, insecure: 1, indeterminate: 2, bogus: 3 };

/** The worst status wins (getdns rule); its reason is kept. */
export function worst(a: Verdict, b: Verdict): Verdict {
  const w =
    RANK[b.status] > RANK[a.status] || (RANK[b.status] === RANK[a.status] && a.reason === '')
      ? b
      : a;
  return { status: w.status, reason: w.reason, ttl: Math.min(a.ttl, b.ttl) };
}

const proofVerdict = (p: Proof, ttl: number, secureReason: string): Verdict =>
  p.status === 'secure'
    ? { status: 'secure', reason: secureReason, ttl }
    : { status: p.status, reason: p.reason, ttl };

export class AnswerValidator {
  constructor(private readonly zones: ZoneFinder) {}

  /** Validates one RRset from the answer section (signed or not). */
  async validateRrset(ctx: LookupContext, msg: WireMessage, rrset: WireRecord[]): Promise<Verdict> {
    const first = rrset[0];
    if (!first) return { status: 'bogus', reason: 'empty RRset', ttl: 0 };
    const what = `${nameToFqdn(first.owner)} ${typeToText(first.type)}`;
    const sigs = sigsOf(msg.answer, first.owner, first.type);
    if (sigs.length === 0)
      return this.unsigned(
        ctx,
        first.type === T.DS ? parentName(first.owner) : first.owner,
        what,
        rrset,
      );
    // Normally one signer; with several (or forged extras) try up to three, deepest first.
    const signers: Name[] = [];
    for (const s of sigs)
      if (isSubdomain(first.owner, s.signer) && !signers.some((x) => namesEqual(x, s.signer)))
        signers.push(s.signer);
    signers.sort((x, y) => labelCount(y) - labelCount(x));
    let best: Verdict | undefined;
    for (const signer of signers.slice(0, 3)) {
      const v = await this.withSigner(ctx, msg, rrset, sigs, signer, what);
      if (v.status === 'secure') return v;
      if (!best || RANK[v.status] < RANK[best.status]) best = v;
    }
    return (
      best ?? {
        status: 'bogus',
        reason: `${what}: RRSIG signer is not an ancestor of the owner`,
        ttl: 0,
      }
    );
  }

  private async withSigner(
    ctx: LookupContext,
    msg: WireMessage,
    rrset: WireRecord[],
    sigs: Rrsig[],
    signer: Name,
    what: string,
  ): Promise<Verdict> {
    const first = rrset[0];
    if (!first) return { status: 'bogus', reason: 'empty RRset', ttl: 0 };
    const z = await this.zones.findZone(ctx, signer);
    if (z.kind === 'insecure')
      return {
        status: 'insecure',
        reason: `${what} lies in an unsigned zone: ${z.reason}`,
        ttl: minTtl(rrset, z.ttl),
      };
    if (z.kind !== 'secure') return { status: z.kind, reason: z.reason, ttl: 0 };
    if (!namesEqual(z.zone, signer))
      return {
        status: 'bogus',
        reason: `${what}: signer ${nameToFqdn(signer)} is not a zone apex (closest zone ${nameToFqdn(z.zone)})`,
        ttl: 0,
      };
    const v = verifyRrset(rrset, sigs, signer, z.keys, ctx);
    // The zone is signed with an algorithm we validate, so its data must be too: a signature
    // only in an unsupported algorithm is a downgrade attempt, hence bogus (not insecure).
    if (!v.ok) return { status: 'bogus', reason: v.reason, ttl: 0 };
    const ownerLabels = labelCount(first.owner);
    const literalWildcard = isWildcard(first.owner) && v.sig.labels === ownerLabels - 1;
    const secureReason = `validated: signed by ${nameToFqdn(signer)}, chain of trust from the anchor at ${nameToFqdn(z.anchor)}`;
    if (v.sig.labels < ownerLabels && !literalWildcard) {
      const den = verifiedDenial(ctx, msg, signer, z.keys);
      const proof: Proof | undefined =
        den.nsec3 && !den.nsec3.empty
          ? den.nsec3.wildcardAnswer(first.owner, v.sig.labels)
          : den.nsec3?.insecureReason
            ? { status: 'insecure', reason: den.nsec3.insecureReason }
            : den.nsec?.wildcardAnswer(first.owner);
      if (!proof)
        return {
          status: 'bogus',
          reason: `${what} was synthesised from a wildcard but the response has no proof that the name itself does not exist`,
          ttl: 0,
        };
      return proofVerdict(
        proof,
        Math.min(v.ttl, den.ttl),
        `${secureReason} (wildcard expansion, proven)`,
      );
    }
    return { status: 'secure', reason: secureReason, ttl: v.ttl };
  }

  private async unsigned(
    ctx: LookupContext,
    target: Name,
    what: string,
    rrset: WireRecord[],
  ): Promise<Verdict> {
    const z = await this.zones.findZone(ctx, target);
    if (z.kind === 'insecure')
      return {
        status: 'insecure',
        reason: `${what} is unsigned: ${z.reason}`,
        ttl: minTtl(rrset, z.ttl),
      };
    if (z.kind === 'secure')
      return {
        status: 'bogus',
        reason: `${what} has no RRSIG although ${nameToFqdn(z.zone)} is signed`,
        ttl: 0,
      };
    return { status: z.kind, reason: z.reason, ttl: 0 };
  }

  /** Follows the chain from qname inside this response and validates everything it uses. */
  async validate(
    ctx: LookupContext,
    msg: WireMessage,
    qname: Name,
    qtype: number,
  ): Promise<Outcome> {
    let cur = qname;
    let verdict: Verdict = { status: 'secure', reason: '', ttl: Infinity };
    const records: WireRecord[] = [];
    for (;;) {
      const direct = rrsetOf(msg.answer, cur, qtype);
      if (direct.length > 0) {
        verdict = worst(verdict, await this.validateRrset(ctx, msg, direct));
        records.push(...direct);
        return { ...verdict, rcode: 0, records };
      }
      if (++ctx.hops > ctx.budget.limits.maxChainLength)
        return {
          status: 'bogus',
          reason: `CNAME/DNAME chain longer than ${ctx.budget.limits.maxChainLength}`,
          ttl: 0,
          rcode: msg.rcode,
          records,
        };
      const dname = this.findDname(msg, cur);
      const cname = rrsetOf(msg.answer, cur, T.CNAME);
      let target: Name | undefined;
      const d = dname[0];
      if (d) {
        // RFC 6672: the DNAME is signed; the synthesised CNAME is not and must match.
        verdict = worst(verdict, await this.validateRrset(ctx, msg, [d]));
        target = synthesise(cur, d);
        records.push(d);
        if (!target)
          return {
            status: 'bogus',
            reason: `DNAME substitution for ${nameToFqdn(cur)} is too long`,
            ttl: 0,
            rcode: msg.rcode,
            records,
          };
        const synth = cname[0];
        if (synth) {
          const synthTarget = readName(synth.rdata, 0).name;
          if (!namesEqual(synthTarget, target))
            return {
              status: 'bogus',
              reason: `the CNAME at ${nameToFqdn(cur)} does not match its DNAME synthesis`,
              ttl: 0,
              rcode: msg.rcode,
              records,
            };
          records.push(synth);
        }
      } else if (cname.length > 0) {
        verdict = worst(verdict, await this.validateRrset(ctx, msg, cname));
        records.push(...cname.slice(0, 1));
        target = readName(cname[0]?.rdata ?? new Uint8Array([0]), 0).name;
      } else break;
      const key = nameToFqdn(target).toLowerCase();
      if (ctx.visited.has(key))
        return {
          status: 'bogus',
          reason: `CNAME/DNAME loop at ${key}`,
          ttl: 0,
          rcode: msg.rcode,
          records,
        };
      ctx.visited.add(key);
      cur = target;
      if (
        rrsetOf(msg.answer, cur, qtype).length === 0 &&
        rrsetOf(msg.answer, cur, T.CNAME).length === 0 &&
        this.findDname(msg, cur).length === 0 &&
        !this.deniesHere(msg, cur)
      ) {
        return { ...verdict, rcode: msg.rcode, records, next: cur };
      }
    }
    const neg = await this.validateNegative(ctx, msg, cur, qtype);
    return { ...worst(verdict, neg), rcode: msg.rcode, records };
  }

  /** Does the response carry the denial for a chain target (NXDOMAIN, or the target's zone SOA)? */
  private deniesHere(msg: WireMessage, target: Name): boolean {
    if (msg.rcode === 3) return true;
    return (
      msg.rcode === 0 && msg.authority.some((r) => r.type === T.SOA && isSubdomain(target, r.owner))
    );
  }

  private findDname(msg: WireMessage, name: Name): WireRecord[] {
    return msg.answer.filter(
      (r) => r.type === T.DNAME && isSubdomain(name, r.owner) && !namesEqual(name, r.owner),
    );
  }

  async validateNegative(
    ctx: LookupContext,
    msg: WireMessage,
    qname: Name,
    qtype: number,
  ): Promise<Verdict> {
    const what = `${nameToFqdn(qname)} ${typeToText(qtype)}`;
    if (msg.rcode !== 0 && msg.rcode !== 3)
      return {
        status: 'indeterminate',
        reason: `the server answered ${rcodeToText(msg.rcode)} for ${what}`,
        ttl: 0,
      };
    const hasSoa = msg.authority.some((r) => r.type === T.SOA);
    const referral =
      msg.rcode === 0 &&
      !msg.aa &&
      !hasSoa &&
      msg.authority.some((r) => r.type === T.NS && !namesEqual(r.owner, qname));
    if (referral)
      return {
        status: 'indeterminate',
        reason: `the server sent a referral for ${what}: it is neither recursive nor authoritative for that zone`,
        ttl: 0,
      };
    const proofTypes = new Set<number>([T.NSEC, T.NSEC3, T.SOA]);
    const sig = msg.authority
      .filter((r) => r.type === T.RRSIG)
      .flatMap((r) => sigsOf([r], r.owner, ((r.rdata[0] ?? 0) << 8) | (r.rdata[1] ?? 0)))
      .find((s) => proofTypes.has(s.typeCovered) && isSubdomain(qname, s.signer));
    const kind = msg.rcode === 3 ? 'NXDOMAIN' : 'NODATA';
    if (!sig) {
      const z = await this.zones.findZone(ctx, qtype === T.DS ? parentName(qname) : qname);
      if (z.kind === 'insecure')
        return {
          status: 'insecure',
          reason: `${kind} for ${what} from an unsigned zone: ${z.reason}`,
          ttl: negativeTtl(msg, z.ttl),
        };
      if (z.kind === 'secure')
        return {
          status: 'bogus',
          reason: `${kind} for ${what} without NSEC/NSEC3 proof although ${nameToFqdn(z.zone)} is signed`,
          ttl: 0,
        };
      return { status: z.kind, reason: z.reason, ttl: 0 };
    }
    const z = await this.zones.findZone(ctx, sig.signer);
    if (z.kind === 'insecure')
      return {
        status: 'insecure',
        reason: `${kind} for ${what} from an unsigned zone: ${z.reason}`,
        ttl: negativeTtl(msg, z.ttl),
      };
    if (z.kind !== 'secure') return { status: z.kind, reason: z.reason, ttl: 0 };
    if (!namesEqual(z.zone, sig.signer))
      return {
        status: 'bogus',
        reason: `denial signer ${nameToFqdn(sig.signer)} is not a zone apex`,
        ttl: 0,
      };
    const den = verifiedDenial(ctx, msg, z.zone, z.keys);
    const also = den.failures.length > 0 ? `; ${den.failures[0] ?? ''}` : '';
    let proof: Proof;
    if (den.nsec3 && !den.nsec3.empty)
      proof = msg.rcode === 3 ? den.nsec3.nxdomain(qname) : den.nsec3.nodata(qname, qtype);
    else if (den.nsec3?.insecureReason)
      proof = { status: 'insecure', reason: den.nsec3.insecureReason };
    else if (den.nsec)
      proof = msg.rcode === 3 ? den.nsec.nxdomain(qname) : den.nsec.nodata(qname, qtype);
    else
      proof = {
        status: 'bogus',
        reason: `${kind} for ${what} without a valid NSEC/NSEC3 proof${also}`,
      };
    if (proof.status === 'bogus')
      proof = { status: 'bogus', reason: proof.reason + (proof.reason.includes(also) ? '' : also) };
    return proofVerdict(
      proof,
      negativeTtl(msg, den.ttl),
      `validated ${kind}: proven by ${den.nsec3 ? 'NSEC3' : 'NSEC'} from ${nameToFqdn(z.zone)}, chain of trust from the anchor at ${nameToFqdn(z.anchor)}`,
    );
  }
}

function minTtl(rrset: readonly WireRecord[], cap: number): number {
  return Math.min(cap, ...rrset.map((r) => r.ttl));
}

/** RFC 2308: the SOA's TTL and MINIMUM bound a negative answer's lifetime. */
function negativeTtl(msg: WireMessage, cap: number): number {
  const soa = msg.authority.find((r) => r.type === T.SOA);
  if (!soa) return Math.min(cap, 300);
  const rd = soa.rdata;
  const min =
    rd.length >= 4
      ? (rd[rd.length - 4] ?? 0) * 16777216 +
        ((rd[rd.length - 3] ?? 0) << 16) +
        ((rd[rd.length - 2] ?? 0) << 8) +
        (rd[rd.length - 1] ?? 0)
      : 0;
  return Math.min(cap, soa.ttl, min);
}

/** RFC 6672: replace the DNAME owner suffix of `name` with the DNAME target. */
function synthesise(name: Name, dname: WireRecord): Name | undefined {
  try {
    const target = readName(dname.rdata, 0).name;
    const keep = labelsOf(name).slice(0, labelCount(name) - labelCount(dname.owner));
    const out = fromLabels([...keep, ...labelsOf(target)]);
    return out.length > 255 ? undefined : out;
  } catch {
    return undefined;
  }
}
