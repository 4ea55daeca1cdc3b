/**
 * Validates one response for (qname, qtype): follows CNAME/DNAME links inside it, validates each
 * RRset against its signer's zone, checks wildcard expansions and NSEC/NSEC3 denials.
 */
import { verifiedDenial } from './verified-denial';
import { validateNegative } from './negative-answer';
import type { Proof } from './dnssec/proof';
import type { Rrsig } from './dnssec/records';
import { verifyRrset } from './dnssec/verify-rrset';
import { type LookupContext, type ZoneFinder, rrsetOf, sigsOf } from './lookup-context';
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
import { T, typeToText } from './wire/rr-types';
import { RANK, type Verdict, proofVerdict, worst } from './verdict';

export interface Outcome extends Verdict {
  rcode: number;
  records: WireRecord[];
  /** Set when the chain leaves this response: the caller queries (next, qtype). */
  next?: Name;
}

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
    const neg = await validateNegative(this.zones, ctx, msg, cur, qtype);
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
}

function minTtl(rrset: readonly WireRecord[], cap: number): number {
  return Math.min(cap, ...rrset.map((r) => r.ttl));
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
