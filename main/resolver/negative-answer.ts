/** Negative answers (NXDOMAIN, NODATA): the NSEC/NSEC3 proof from the signer's zone, or proof that the zone is unsigned. */
import { type Verdict, proofVerdict } from './verdict';
import type { Proof } from './dnssec/proof';
import { type LookupContext, type ZoneFinder, sigsOf } from './lookup-context';
import { verifiedDenial } from './verified-denial';
import type { WireMessage } from './wire/message';
import { type Name, isSubdomain, nameToFqdn, namesEqual, parentName } from './wire/name';
import { T, rcodeToText, typeToText } from './wire/rr-types';

export async function validateNegative(
  zones: ZoneFinder,
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
    const z = await zones.findZone(ctx, qtype === T.DS ? parentName(qname) : qname);
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
  const z = await zones.findZone(ctx, sig.signer);
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
