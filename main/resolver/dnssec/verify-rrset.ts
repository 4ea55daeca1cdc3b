/** RRSIG checks (RFC 4035 §5.3.1) and signature verification with hard caps (KeyTrap). */
import type { WireRecord } from '../wire/message';
import { type Name, isSubdomain, labelCount, nameToFqdn, namesEqual } from '../wire/name';
import { typeToText } from '../wire/rr-types';
import { algorithmSupported, verifySignature } from './algorithms';
import { signedData } from './canonical';
import { DNSKEY_REVOKE, DNSKEY_ZONE, type Dnskey, type Rrsig } from './records';
import { sigTime } from '../wire/rdata-text';
import type { WorkBudget } from './work-budget';

export interface VerifyContext {
  /** Current time, seconds since the epoch. */
  now: number;
  skew: number;
  budget: WorkBudget;
}

export type RrsetVerdict =
  { ok: true; sig: Rrsig; ttl: number } | { ok: false; reason: string; unsupported?: boolean };

/** RFC 1982 serial arithmetic: is a <= b (mod 2^32)? */
function serialLe(a: number, b: number): boolean {
  return ((b - a) | 0) >= 0;
}

export function withinValidity(
  sig: Rrsig,
  now: number,
  skew: number,
): 'ok' | 'expired' | 'not-yet-valid' {
  const t = now >>> 0;
  if (!serialLe(sig.inception, (t + skew) >>> 0)) return 'not-yet-valid';
  if (!serialLe((t - skew) >>> 0, sig.expiration)) return 'expired';
  return 'ok';
}

/** Verifies an RRset with the zone's authenticated keys. */
export function verifyRrset(
  rrset: readonly WireRecord[],
  sigs: readonly Rrsig[],
  zone: Name,
  keys: readonly Dnskey[],
  ctx: VerifyContext,
): RrsetVerdict {
  const first = rrset[0];
  if (!first) return { ok: false, reason: 'empty RRset' };
  const what = `${nameToFqdn(first.owner)} ${typeToText(first.type)}`;
  const limits = ctx.budget.limits;
  if (rrset.length > limits.maxRecordsPerRrset)
    return {
      ok: false,
      reason: `${what} has ${rrset.length} records, above the limit of ${limits.maxRecordsPerRrset}`,
    };
  const ownerLabels = labelCount(first.owner);
  let reason = `${what} has no RRSIG from ${nameToFqdn(zone)}`;
  let sawSupported = false;
  let sawAny = false;
  let considered = 0;
  let perRrset = 0;
  for (const sig of sigs) {
    if (
      sig.typeCovered !== first.type ||
      !namesEqual(sig.signer, zone) ||
      !isSubdomain(first.owner, zone)
    )
      continue;
    sawAny = true;
    if (!algorithmSupported(sig.algorithm)) continue;
    sawSupported = true;
    if (++considered > limits.maxSignaturesPerRrset) {
      reason = `${what}: more than ${limits.maxSignaturesPerRrset} signatures, the rest were ignored (KeyTrap limit)`;
      break;
    }
    if (sig.labels > ownerLabels) {
      reason = `${what}: RRSIG Labels ${sig.labels} exceeds the owner's ${ownerLabels} labels`;
      continue;
    }
    const when = withinValidity(sig, ctx.now, ctx.skew);
    if (when !== 'ok') {
      reason =
        when === 'expired'
          ? `${what}: signature expired at ${sigTime(sig.expiration)}`
          : `${what}: signature not valid before ${sigTime(sig.inception)}`;
      continue;
    }
    const candidates = keys.filter(
      (k) =>
        k.keyTag === sig.keyTag &&
        k.algorithm === sig.algorithm &&
        k.protocol === 3 &&
        (k.flags & DNSKEY_ZONE) !== 0 &&
        (k.flags & DNSKEY_REVOKE) === 0,
    );
    if (candidates.length === 0) {
      reason = `${what}: no zone key with tag ${sig.keyTag} algorithm ${sig.algorithm} in ${nameToFqdn(zone)} DNSKEY`;
      continue;
    }
    const data = signedData(sig, rrset);
    let tried = 0;
    for (const key of candidates) {
      if (++tried > limits.maxKeysPerSignature) {
        reason = `${what}: more than ${limits.maxKeysPerSignature} keys share tag ${sig.keyTag} (KeyTrap limit)`;
        break;
      }
      if (++perRrset > limits.maxVerificationsPerRrset)
        return {
          ok: false,
          reason: `${what}: verification limit of ${limits.maxVerificationsPerRrset} per RRset reached (KeyTrap limit)`,
        };
      if (!ctx.budget.takeVerification())
        return {
          ok: false,
          reason: `work limit of ${limits.maxVerificationsPerLookup} signature verifications per lookup reached`,
        };
      if (verifySignature(sig.algorithm, key.publicKey, data, sig.signature)) {
        const ttl = Math.max(
          0,
          Math.min(
            ...rrset.map((r) => r.ttl),
            sig.originalTtl,
            ((sig.expiration - (ctx.now >>> 0)) | 0) + 0,
          ),
        );
        return { ok: true, sig, ttl };
      }
      reason = `${what}: signature with key ${sig.keyTag} does not verify`;
    }
  }
  if (sawAny && !sawSupported)
    return {
      ok: false,
      reason: `${what}: signed only with unsupported algorithms`,
      unsupported: true,
    };
  return { ok: false, reason };
}
