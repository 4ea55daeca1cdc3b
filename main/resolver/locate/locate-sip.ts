import { isIP } from 'node:net';
import type { DnssecStatus, Resolver } from '../types';
import { isUsable, worstStatus } from '../common/dnssec-status';
import { joinName, normaliseName } from '../common/dns-name';
import { decodeNaptr, sortNaptr } from '../rdata/naptr';
import { decodeSrv } from '../rdata/srv';
import { decodeRecords } from '../rdata/wire-reader';
import { lookupAddresses } from './address-lookup';
import { parseSipUri } from './sip-uri';
import {
  SUPPORTED_TRANSPORTS,
  TRANSPORTS,
  transportForParam,
  transportForService,
  type SipTransport,
} from './sip-transport';
import { orderSrv, type RandomSource } from './srv-order';
import type {
  LocateOptions,
  LocateResult,
  LocateStep,
  SipTarget,
  SkippedTarget,
} from './locate-types';
import { lookupTlsa, type TlsaResult } from './tlsa-lookup';

export type { LocateOptions, LocateResult, LocateStep, SipTarget, SkippedTarget };

interface Ctx {
  resolver: Resolver;
  transports: readonly SipTransport[];
  random: RandomSource;
  tlsa: boolean;
  maxTargets: number;
  signal: AbortSignal | undefined;
  steps: LocateStep[];
  targets: SipTarget[];
  skipped: SkippedTarget[];
}

/**
 * Locates the servers for a sip:/sips: URI as RFC 3263 §4 says (numeric host, explicit port,
 * transport parameter, NAPTR → SRV → A/AAAA, SRV fallback, then A/AAAA), with RFC 7118
 * WebSocket services, RFC 2782 SRV order, and TLSA (RFC 6698; RFC 7673 for SRV targets: only
 * when the SRV answer is secure). A bogus or indeterminate answer stops its branch, never falls
 * back to another lookup.
 */
export async function locateSip(
  resolver: Resolver,
  uriText: string,
  options: LocateOptions = {},
): Promise<LocateResult> {
  const uri = parseSipUri(uriText);
  const allowed = (options.transports ?? SUPPORTED_TRANSPORTS).filter(
    (t) => uri.scheme === 'sip' || TRANSPORTS[t].secure,
  );
  const ctx: Ctx = {
    resolver,
    transports: allowed,
    random: options.random ?? Math.random,
    tlsa: options.tlsa ?? true,
    maxTargets: options.maxTargets ?? 16,
    signal: options.signal,
    steps: [],
    targets: [],
    skipped: [],
  };
  const target = (uri.params['maddr'] ?? uri.host).toLowerCase().replace(/\.$/, '');
  const param = uri.params['transport'];
  const explicit = param === undefined ? undefined : transportForParam(param, uri.scheme);
  const fallback: SipTransport | undefined =
    uri.scheme === 'sips' ? allowed.find((t) => t === 'tls') : allowed.find((t) => t === 'tcp');
  const fixed = explicit ?? fallback ?? allowed[0];
  let reason: string;
  if (param !== undefined && (explicit === undefined || !allowed.includes(explicit))) {
    reason = `transport=${param} is not supported for ${uri.scheme}: URIs`;
  } else if (fixed === undefined) {
    reason = 'no supported transport';
  } else if (isIP(target) !== 0) {
    const port = uri.port ?? TRANSPORTS[fixed].defaultPort;
    ctx.targets.push({
      transport: fixed,
      host: target,
      port,
      addresses: [target],
      tlsa: null,
      tlsaNote: 'numeric address: no name to look TLSA up for',
      status: 'insecure',
      via: 'numeric',
    });
    reason = 'numeric address: no DNS lookup, nothing to validate';
  } else if (uri.port !== undefined) {
    await addHost(ctx, fixed, target, uri.port, 'secure', 'explicit-port');
    reason = 'explicit port: address lookup only';
  } else if (explicit !== undefined) {
    const found = await fromSrv(
      ctx,
      explicit,
      joinName(TRANSPORTS[explicit].srvPrefix, target),
      'secure',
      'srv',
    );
    if (!found)
      await addHost(ctx, explicit, target, TRANSPORTS[explicit].defaultPort, 'secure', 'address');
    reason = `transport=${param ?? ''}: SRV, then address`;
  } else {
    reason = await fromNaptr(ctx, target, uri.scheme, fixed);
  }
  const status =
    ctx.targets.length > 0
      ? worstStatus(...ctx.targets.map((t) => t.status))
      : worstStatus(...ctx.steps.map((s) => s.status), ...ctx.skipped.map((s) => s.status));
  if (ctx.targets.length === 0 && !reason.startsWith('transport='))
    reason = `no server found: ${reason}`;
  return {
    uri: uriText.trim(),
    target,
    status,
    targets: ctx.targets,
    skipped: ctx.skipped,
    steps: ctx.steps,
    reason,
  };
}

async function fromNaptr(
  ctx: Ctx,
  target: string,
  scheme: 'sip' | 'sips',
  fallback: SipTransport,
): Promise<string> {
  const answer = await query(ctx, target, 'NAPTR');
  if (!isUsable(answer.status)) return `the NAPTR answer is ${answer.status}: ${answer.reason}`;
  const records = decodeRecords(answer.answers, 'NAPTR', decodeNaptr);
  const usable = sortNaptr(records).flatMap((r) => {
    const transport = transportForService(r.services);
    const flags = r.flags.toLowerCase();
    if (transport === undefined || !ctx.transports.includes(transport)) return [];
    if (scheme === 'sips' && !TRANSPORTS[transport].secure) return [];
    if ((flags !== 's' && flags !== 'a') || r.replacement === '') return [];
    return [{ transport, flags, replacement: r.replacement }];
  });
  for (const record of usable) {
    if (ctx.targets.length >= ctx.maxTargets) break;
    if (record.flags === 's')
      await fromSrv(ctx, record.transport, record.replacement, answer.status, 'naptr');
    else
      await addHost(
        ctx,
        record.transport,
        record.replacement,
        TRANSPORTS[record.transport].defaultPort,
        answer.status,
        'naptr',
      );
  }
  if (usable.length > 0) return 'NAPTR, then SRV';
  // RFC 3263 §4.1: no (usable) NAPTR: SRV for each transport we support.
  let found = false;
  for (const transport of ctx.transports) {
    const name = joinName(TRANSPORTS[transport].srvPrefix, target);
    if (await fromSrv(ctx, transport, name, answer.status, 'srv')) found = true;
  }
  if (found) return 'no NAPTR: SRV';
  await addHost(ctx, fallback, target, TRANSPORTS[fallback].defaultPort, answer.status, 'address');
  return 'no NAPTR, no SRV: address records';
}

/** SRV lookup and expansion; returns whether the SRV RRset existed (even if all targets failed). */
async function fromSrv(
  ctx: Ctx,
  transport: SipTransport,
  name: string,
  upstream: DnssecStatus,
  via: SipTarget['via'],
): Promise<boolean> {
  const answer = await query(ctx, name, 'SRV');
  if (!isUsable(answer.status)) return false;
  const records = decodeRecords(answer.answers, 'SRV', decodeSrv);
  if (records.length === 0) return false;
  const status = worstStatus(upstream, answer.status);
  for (const srv of orderSrv(records, ctx.random)) {
    if (ctx.targets.length >= ctx.maxTargets) break;
    await addHost(ctx, transport, srv.target, srv.port, status, via);
  }
  return true;
}

async function addHost(
  ctx: Ctx,
  transport: SipTransport,
  hostName: string,
  port: number,
  upstream: DnssecStatus,
  via: SipTarget['via'],
): Promise<void> {
  const host = normaliseName(hostName);
  const addr = await lookupAddresses(
    ctx.resolver,
    host,
    (type, status, rcode, records) => ctx.steps.push({ name: host, type, status, rcode, records }),
    ctx.signal,
  );
  const skip = (status: DnssecStatus, reason: string): void => {
    ctx.skipped.push({ host, port, transport, status, reason });
  };
  if (!isUsable(addr.status)) {
    skip(addr.status, addr.reason);
    return;
  }
  if (addr.addresses.length === 0) {
    skip(addr.status, 'no addresses');
    return;
  }
  let status = worstStatus(upstream, addr.status);
  let tlsa: TlsaResult | null = null;
  let tlsaNote: string | undefined;
  if (!TRANSPORTS[transport].secure) tlsaNote = 'not a TLS transport';
  else if (!ctx.tlsa) tlsaNote = 'TLSA lookup turned off';
  else if (status !== 'secure')
    tlsaNote = `the ${via === 'naptr' || via === 'srv' ? 'SRV/NAPTR or address' : 'address'} answers are ${status}: no DANE (RFC 7673 §3)`;
  else {
    tlsa = await lookupTlsa(ctx.resolver, port, host, ctx.signal);
    ctx.steps.push({
      name: tlsa.owner,
      type: 'TLSA',
      status: tlsa.status,
      rcode: '',
      records: tlsa.records.length,
    });
    if (!isUsable(tlsa.status)) {
      skip(tlsa.status, tlsa.reason);
      return;
    }
    status = worstStatus(status, tlsa.status);
  }
  ctx.targets.push({
    transport,
    host,
    port,
    addresses: addr.addresses,
    tlsa,
    ...(tlsaNote === undefined ? {} : { tlsaNote }),
    status,
    via,
  });
}

async function query(ctx: Ctx, name: string, type: string) {
  const answer = await ctx.resolver.resolve(
    normaliseName(name),
    type,
    ctx.signal === undefined ? {} : { signal: ctx.signal },
  );
  const records = answer.answers.filter((rr) => rr.type === type).length;
  ctx.steps.push({ name: answer.name, type, status: answer.status, rcode: answer.rcode, records });
  return answer;
}
