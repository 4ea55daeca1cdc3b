/**
 * Walks from the closest trust anchor down to a zone, label by label: DS at each name (signed
 * by the zone above), then DNSKEY for each real cut (matched against the DS). A signed denial
 * of DS proves an unsigned delegation (insecure) or that the name is no zone cut.
 */
import type { TrustAnchor } from './options';
import { algorithmSupported, digestMatches, digestSupported, dsDigest } from './dnssec/algorithms';
import type { CutProbe } from './dnssec/proof';
import { type Dnskey, type Ds, parseDnskey, parseDs } from './dnssec/records';
import { verifyRrset } from './dnssec/verify-rrset';
import type { TtlCache } from './answer-cache';
import { verifiedDenial } from './verified-denial';
import {
  type LookupContext,
  type Querier,
  type ZoneFinder,
  type ZoneState,
  rrsetOf,
  sigsOf,
} from './lookup-context';
import type { WireRecord } from './wire/message';
import {
  type Name,
  ROOT,
  labelCount,
  lowerName,
  nameKey,
  nameToFqdn,
  suffixName,
} from './wire/name';
import { T, rcodeToText } from './wire/rr-types';

type Probe =
  { kind: 'cut'; state: ZoneState } | CutProbe | { kind: 'indeterminate'; reason: string };

export class ChainOfTrust implements ZoneFinder {
  private readonly anchors = new Map<string, TrustAnchor[]>();

  constructor(
    anchors: readonly TrustAnchor[],
    private readonly querier: Querier,
    private readonly zones: TtlCache<Probe>,
    private readonly bogusTtl: number,
  ) {
    for (const a of anchors) this.anchors.set(a.name, [...(this.anchors.get(a.name) ?? []), a]);
  }

  private closestAnchor(target: Name): Name | undefined {
    for (let d = labelCount(target); d >= 0; d--) {
      const n = suffixName(target, d);
      if (this.anchors.has(nameKey(n))) return n;
    }
    return undefined;
  }

  async findZone(ctx: LookupContext, target: Name): Promise<ZoneState> {
    const anchor = this.closestAnchor(target);
    if (!anchor)
      return { kind: 'indeterminate', reason: `no trust anchor covers ${nameToFqdn(target)}` };
    let state = await this.anchorState(ctx, anchor);
    const top = labelCount(anchor);
    const bottom = labelCount(target);
    if (bottom - top > ctx.budget.limits.maxDelegationDepth)
      return {
        kind: 'bogus',
        reason: `${nameToFqdn(target)} is more than ${ctx.budget.limits.maxDelegationDepth} labels below its trust anchor`,
      };
    for (let d = top + 1; d <= bottom && state.kind === 'secure'; d++) {
      const name = suffixName(target, d);
      const probe = await this.probe(ctx, state, name);
      switch (probe.kind) {
        case 'cut':
          state = probe.state;
          break;
        case 'insecure':
          return { kind: 'insecure', zone: name, reason: probe.reason, ttl: state.ttl };
        case 'no-cut':
          break;
        case 'nonexistent':
          return state;
        case 'bogus':
          return { kind: 'bogus', reason: probe.reason };
        case 'indeterminate':
          return { kind: 'indeterminate', reason: probe.reason };
      }
    }
    return state;
  }

  private async anchorState(ctx: LookupContext, anchor: Name): Promise<ZoneState> {
    const key = `anchor:${nameKey(anchor)}`;
    const hit = this.zones.get(key);
    if (hit?.kind === 'cut') return hit.state;
    const list = this.anchors.get(nameKey(anchor)) ?? [];
    const ds = list.filter((a) => a.type === 'DS').map((a) => parseDs(a.rdata));
    const keys = list.filter((a) => a.type === 'DNSKEY').map((a) => parseDnskey(a.rdata));
    const state = await this.zoneKeys(ctx, anchor, ds, keys, Infinity);
    this.remember(key, { kind: 'cut', state }, state);
    return state.kind === 'secure' ? { ...state, anchor } : state;
  }

  private remember(key: string, probe: Probe, state?: ZoneState): void {
    const bad =
      probe.kind === 'bogus' ||
      probe.kind === 'indeterminate' ||
      state?.kind === 'bogus' ||
      state?.kind === 'indeterminate';
    const ttl =
      state && (state.kind === 'secure' || state.kind === 'insecure') ? state.ttl : undefined;
    this.zones.set(
      key,
      probe,
      bad
        ? Math.min(
            this.bogusTtl,
            probe.kind === 'indeterminate' || state?.kind === 'indeterminate' ? 5 : this.bogusTtl,
          )
        : Math.min(ttl ?? 3600, 86400),
    );
  }

  private async probe(
    ctx: LookupContext,
    parent: Extract<ZoneState, { kind: 'secure' }>,
    name: Name,
  ): Promise<Probe> {
    const key = `cut:${nameKey(name)}`;
    const hit = this.zones.get(key);
    if (hit) return hit;
    const { probe, ttl } = await this.probeUncached(ctx, parent, name);
    if (probe.kind === 'cut') this.remember(key, probe, probe.state);
    else if (probe.kind === 'bogus' || probe.kind === 'indeterminate') this.remember(key, probe);
    else this.zones.set(key, probe, Math.min(ttl, parent.ttl, 86400));
    return probe;
  }

  private async probeUncached(
    ctx: LookupContext,
    parent: Extract<ZoneState, { kind: 'secure' }>,
    name: Name,
  ): Promise<{ probe: Probe; ttl: number }> {
    const fqdn = nameToFqdn(name);
    const r = await this.querier.query(ctx, name, T.DS);
    if (!r.ok)
      return {
        probe: { kind: 'indeterminate', reason: `DS query for ${fqdn} failed: ${r.reason}` },
        ttl: 0,
      };
    const msg = r.msg;
    const ds = rrsetOf(msg.answer, name, T.DS);
    if (ds.length > 0) {
      const v = verifyRrset(ds, sigsOf(msg.answer, name, T.DS), parent.zone, parent.keys, ctx);
      if (!v.ok)
        return {
          probe: { kind: 'bogus', reason: `DS for ${fqdn} did not validate: ${v.reason}` },
          ttl: 0,
        };
      const parsed = ds.flatMap((rec) => {
        try {
          return [parseDs(rec.rdata)];
        } catch {
          return [];
        }
      });
      const state = await this.zoneKeys(ctx, name, parsed, [], v.ttl);
      return {
        probe: {
          kind: 'cut',
          state: state.kind === 'secure' ? { ...state, anchor: parent.anchor } : state,
        },
        ttl: v.ttl,
      };
    }
    const cname = rrsetOf(msg.answer, name, T.CNAME);
    if (cname.length > 0) {
      const v = verifyRrset(
        cname,
        sigsOf(msg.answer, name, T.CNAME),
        parent.zone,
        parent.keys,
        ctx,
      );
      return v.ok
        ? { probe: { kind: 'no-cut' }, ttl: v.ttl }
        : { probe: { kind: 'bogus', reason: v.reason }, ttl: 0 };
    }
    if (msg.rcode !== 0 && msg.rcode !== 3)
      return {
        probe: {
          kind: 'indeterminate',
          reason: `DS query for ${fqdn} answered ${rcodeToText(msg.rcode)}`,
        },
        ttl: 0,
      };
    const den = verifiedDenial(ctx, msg, parent.zone, parent.keys);
    const set = den.nsec3 && !den.nsec3.empty ? den.nsec3 : den.nsec;
    const also = den.failures.length > 0 ? ` (${den.failures[0] ?? ''})` : '';
    if (!set) {
      if (den.nsec3?.insecureReason)
        return { probe: { kind: 'insecure', reason: den.nsec3.insecureReason }, ttl: den.ttl };
      return {
        probe: {
          kind: 'bogus',
          reason: `no DS for ${fqdn} and no signed NSEC/NSEC3 proof from ${nameToFqdn(parent.zone)}${also}`,
        },
        ttl: 0,
      };
    }
    const p = set.cutProbe(name);
    if (p.kind === 'bogus') return { probe: { kind: 'bogus', reason: p.reason + also }, ttl: 0 };
    return { probe: p, ttl: den.ttl };
  }

  /** DNSKEY RRset of `zone`, trusted through DS digests or anchored DNSKEYs. */
  private async zoneKeys(
    ctx: LookupContext,
    zone: Name,
    ds: readonly Ds[],
    anchoredKeys: readonly Dnskey[],
    dsTtl: number,
  ): Promise<ZoneState> {
    const fqdn = nameToFqdn(zone);
    const supported = ds.filter(
      (d) => algorithmSupported(d.algorithm) && digestSupported(d.digestType),
    );
    // RFC 4509 §3: when a SHA-2 DS is present, SHA-1 DS records are ignored (no downgrade).
    const usableDs = supported.some((d) => d.digestType !== 1)
      ? supported.filter((d) => d.digestType !== 1)
      : supported;
    const usableKeys = anchoredKeys.filter((k) => algorithmSupported(k.algorithm));
    if (usableDs.length === 0 && usableKeys.length === 0) {
      return {
        kind: 'insecure',
        zone,
        reason: `${fqdn} is signed only with algorithms or digests this resolver does not support (RFC 6840 §5.2)`,
        ttl: Number.isFinite(dsTtl) ? dsTtl : 3600,
      };
    }
    const r = await this.querier.query(ctx, zone, T.DNSKEY);
    if (!r.ok)
      return { kind: 'indeterminate', reason: `DNSKEY query for ${fqdn} failed: ${r.reason}` };
    if (r.msg.rcode !== 0)
      return {
        kind: 'indeterminate',
        reason: `DNSKEY query for ${fqdn} answered ${rcodeToText(r.msg.rcode)}`,
      };
    const set: WireRecord[] = rrsetOf(r.msg.answer, zone, T.DNSKEY);
    if (set.length === 0)
      return { kind: 'bogus', reason: `${fqdn} has a DS but no DNSKEY records were returned` };
    const keys = set.flatMap((rec) => {
      try {
        return [parseDnskey(rec.rdata)];
      } catch {
        return [];
      }
    });
    const owner = lowerName(zone);
    // DS digests are cheap but still capped (KeyTrap-style colliding tags).
    let digests = ctx.budget.limits.maxVerificationsPerRrset * 4;
    const trusted = keys.filter(
      (k) =>
        usableKeys.some((a) => Buffer.compare(Buffer.from(a.rdata), Buffer.from(k.rdata)) === 0) ||
        usableDs.some((d) => {
          if (d.keyTag !== k.keyTag || d.algorithm !== k.algorithm || digests <= 0) return false;
          digests--;
          const digest = dsDigest(owner, k.rdata, d.digestType);
          return digest !== undefined && digestMatches(d.digest, digest);
        }),
    );
    if (trusted.length === 0)
      return { kind: 'bogus', reason: `no DNSKEY of ${fqdn} matches its DS or trust anchor` };
    const v = verifyRrset(set, sigsOf(r.msg.answer, zone, T.DNSKEY), zone, trusted, ctx);
    if (!v.ok)
      return { kind: 'bogus', reason: `DNSKEY RRset of ${fqdn} did not validate: ${v.reason}` };
    return { kind: 'secure', zone, keys, ttl: Math.min(v.ttl, dsTtl), anchor: ROOT };
  }
}
