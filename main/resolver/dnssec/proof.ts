/** Outcomes, and the checks on a matching record, shared by the NSEC and NSEC3 denial proofs. */
import { type Name, labelCount, nameToFqdn } from '../wire/name';
import { T } from '../wire/rr-types';

export type Proof =
  | { status: 'secure' }
  | { status: 'insecure'; reason: string }
  | { status: 'bogus'; reason: string };

/** What a DS query's denial says about a name while walking down from a trust anchor. */
export type CutProbe =
  | { kind: 'insecure'; reason: string } // a delegation without DS (or opt-out span)
  | { kind: 'no-cut' } // the name exists in this zone and is not a delegation
  | { kind: 'nonexistent' } // the name does not exist: no deeper zone on this path
  | { kind: 'bogus'; reason: string };

export const SECURE: Proof = { status: 'secure' };
export const bogus = (reason: string): Proof => ({ status: 'bogus', reason });

/** Which denial record a proof rests on; reasons name it `the NSEC at x.` or `the NSEC3 for x.`. */
export type DenialKind = 'NSEC' | 'NSEC3';

function recordAt(kind: DenialKind, name: Name): string {
  return kind === 'NSEC' ? `the NSEC at ${nameToFqdn(name)}` : `the NSEC3 for ${nameToFqdn(name)}`;
}

/** A denial record with NS but no SOA in its bitmap stands at a delegation, on the parent side. */
export const isDelegation = (types: ReadonlySet<number>): boolean =>
  types.has(T.NS) && !types.has(T.SOA);

/**
 * NODATA from the record matching `qname`, once its bitmap lists neither `qtype` nor CNAME: a DS
 * denial must come from the parent side of a cut, any other type's from the zone's own side
 * (RFC 4035 §5.4, RFC 5155 §8.5-8.6).
 */
export function nodataAtMatch(
  kind: DenialKind,
  types: ReadonlySet<number>,
  qname: Name,
  qtype: number,
): Proof {
  if (qtype === T.DS && types.has(T.SOA) && labelCount(qname) > 0)
    return bogus(`DS denial came from the child side of ${nameToFqdn(qname)}`);
  if (qtype !== T.DS && isDelegation(types))
    return bogus(`${recordAt(kind, qname)} is from the parent side of a delegation`);
  return SECURE;
}

/**
 * A DS denial read while walking down, from the record matching `name`: a bitmap listing DS
 * contradicts the denial, SOA means the child zone answered, NS is a delegation without DS;
 * anything else is a name inside this zone.
 */
export function cutProbeAtMatch(
  kind: DenialKind,
  types: ReadonlySet<number>,
  name: Name,
): CutProbe {
  if (types.has(T.DS))
    return { kind: 'bogus', reason: `${recordAt(kind, name)} lists DS, yet DS was denied` };
  if (types.has(T.SOA))
    return {
      kind: 'bogus',
      reason: `DS for ${nameToFqdn(name)} was denied from the child zone's side`,
    };
  if (types.has(T.NS))
    return {
      kind: 'insecure',
      reason: `${nameToFqdn(name)} is a delegation without DS (proven by ${kind})`,
    };
  return { kind: 'no-cut' };
}
