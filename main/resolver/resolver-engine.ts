/** The resolver behind createResolver(): transport, cache, chain walker and answer validator. */
import { YakkerError } from '../../shared/contract/result';
import { TtlCache } from './answer-cache';
import { AnswerValidator, type Outcome } from './answer-validator';
import { worst } from './verdict';
import { ChainOfTrust } from './chain-of-trust';
import type { ResolverStats, ValidatingResolver } from './create-resolver';
import { DEFAULT_LIMITS, WorkBudget } from './dnssec/work-budget';
import type { LookupContext, Querier, QueryResult } from './lookup-context';
import type { QueryTransport, ResolverOptions } from './options';
import { createNetworkTransport } from './transport/network-transport';
import { systemServers } from './transport/system-servers';
import { DEFAULT_TRUST_ANCHORS, loadTrustAnchorFile } from './trust-anchors';
import type { ResourceRecord, ValidatedAnswer } from './types';
import { parseMessage } from './wire/message';
import { type Name, nameKey, nameToFqdn, namesEqual, textToName } from './wire/name';
import { rdataToText } from './wire/rdata-text';
import { rcodeToText, textToType, typeToText } from './wire/rr-types';
import { WireError } from './wire/wire-error';

interface CachedAnswer {
  answer: ValidatedAnswer;
}

export class ResolverEngine implements ValidatingResolver, Querier {
  private readonly transport: QueryTransport;
  private readonly now: () => number;
  private readonly answers: TtlCache<CachedAnswer>;
  private readonly zoneCache: TtlCache<never>;
  private readonly chain: ChainOfTrust;
  private readonly validator: AnswerValidator;
  private readonly limits;
  private readonly skew: number;
  private readonly bogusTtl: number;
  private readonly maxTtl: number;
  private readonly lookupTimeoutMs: number;
  private counters = { queries: 0, cacheHits: 0, verifications: 0, nsec3Hashes: 0 };

  constructor(options: ResolverOptions) {
    this.now = options.now ?? Date.now;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.skew = options.clockSkewSeconds ?? 300;
    this.lookupTimeoutMs = options.lookupTimeoutMs ?? 20_000;
    const cacheOpts = options.cache === false ? { maxEntries: 0 } : (options.cache ?? {});
    const maxEntries = cacheOpts.maxEntries ?? 20000;
    this.bogusTtl = cacheOpts.bogusTtl ?? 30;
    this.maxTtl = cacheOpts.maxTtl ?? 86400;
    this.answers = new TtlCache(maxEntries, this.now);
    this.zoneCache = new TtlCache(maxEntries, this.now);
    const files = options.trustAnchorFiles ?? [];
    const anchors =
      files.length > 0 || options.trustAnchors
        ? [...(options.trustAnchors ?? []), ...files.flatMap(loadTrustAnchorFile)]
        : DEFAULT_TRUST_ANCHORS;
    this.transport =
      options.transport ??
      createNetworkTransport({
        servers: options.servers && options.servers.length > 0 ? options.servers : systemServers(),
        timeoutMs: options.timeoutMs ?? 2000,
        attempts: options.attempts ?? 2,
        ...(options.logger ? { logger: options.logger } : {}),
      });
    this.chain = new ChainOfTrust(anchors, this, this.zoneCache, this.bogusTtl);
    this.validator = new AnswerValidator(this.chain);
  }

  async query(ctx: LookupContext, name: Name, type: number): Promise<QueryResult> {
    const key = `${nameKey(name)}/${type}`;
    const existing = ctx.inflight.get(key);
    if (existing) return existing;
    const p = this.queryUncached(ctx, name, type);
    ctx.inflight.set(key, p);
    return p;
  }

  private async queryUncached(ctx: LookupContext, name: Name, type: number): Promise<QueryResult> {
    if (!ctx.budget.takeQuery())
      return {
        ok: false,
        reason: `query limit of ${this.limits.maxQueriesPerLookup} per lookup reached`,
      };
    this.counters.queries++;
    let raw: Uint8Array;
    try {
      raw = await this.transport({ name, type }, ctx.signal);
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
    try {
      const msg = parseMessage(raw);
      const q = msg.question[0];
      if (
        !msg.qr ||
        msg.question.length !== 1 ||
        !q ||
        !namesEqual(q.name, name) ||
        q.type !== type
      )
        return { ok: false, reason: 'the response does not match the question' };
      return { ok: true, msg };
    } catch (e) {
      return {
        ok: false,
        reason: `malformed response: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }

  async resolve(
    name: string,
    type: string,
    options?: { signal?: AbortSignal },
  ): Promise<ValidatedAnswer> {
    let qname: Name;
    try {
      qname = textToName(name);
    } catch (e) {
      throw new YakkerError(
        'bad-input',
        `not a domain name: ${name} (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    const qtype = textToType(type);
    if (qtype === undefined || qtype === 41)
      throw new YakkerError('bad-input', `unknown record type: ${type}`);
    const cacheKey = `${nameKey(qname)}/${qtype}`;
    const hit = this.answers.get(cacheKey);
    if (hit) {
      this.counters.cacheHits++;
      const left = this.answers.remaining(cacheKey);
      return {
        ...hit.answer,
        answers: hit.answer.answers.map((r) => ({ ...r, ttl: Math.min(r.ttl, left) })),
      };
    }
    const budget = new WorkBudget(this.limits);
    // The deadline timer is cleared when the lookup ends (AbortSignal.timeout would linger).
    const deadline = new AbortController();
    const timer = setTimeout(() => {
      deadline.abort();
    }, this.lookupTimeoutMs);
    timer.unref();
    const ctx: LookupContext = {
      budget,
      now: Math.floor(this.now() / 1000),
      skew: this.skew,
      inflight: new Map(),
      visited: new Set([nameToFqdn(qname).toLowerCase()]),
      hops: 0,
      signal: options?.signal
        ? AbortSignal.any([options.signal, deadline.signal])
        : deadline.signal,
    };
    let outcome: Outcome;
    try {
      outcome = await this.lookup(ctx, qname, qtype);
    } catch (e) {
      const reason =
        e instanceof WireError
          ? `malformed data: ${e.message}`
          : `internal error: ${e instanceof Error ? e.message : String(e)}`;
      outcome = {
        status: e instanceof WireError ? 'bogus' : 'indeterminate',
        reason,
        ttl: 0,
        rcode: 2,
        records: [],
      };
    } finally {
      clearTimeout(timer);
      this.counters.verifications += budget.verifications;
      this.counters.nsec3Hashes += budget.nsec3Hashes;
    }
    const usable = outcome.status === 'secure' || outcome.status === 'insecure';
    const ttl = usable ? Math.max(0, Math.min(outcome.ttl, this.maxTtl)) : 0;
    const answer: ValidatedAnswer = {
      name: nameKey(qname),
      type: typeToText(qtype),
      status: outcome.status,
      rcode: rcodeToText(outcome.rcode),
      answers: usable
        ? outcome.records.map((r): ResourceRecord => ({
            name: nameKey(r.owner),
            type: typeToText(r.type),
            ttl: Math.min(r.ttl, ttl),
            data: rdataToText(r.type, r.rdata),
            rdata: r.rdata,
          }))
        : [],
      reason: outcome.reason || 'validated',
    };
    const cacheTtl = usable
      ? ttl
      : outcome.status === 'bogus'
        ? this.bogusTtl
        : Math.min(5, this.bogusTtl);
    this.answers.set(cacheKey, { answer }, cacheTtl);
    return answer;
  }

  private async lookup(ctx: LookupContext, qname: Name, qtype: number): Promise<Outcome> {
    const r = await this.query(ctx, qname, qtype);
    if (!r.ok)
      return {
        status: 'indeterminate',
        reason: `no usable answer for ${nameToFqdn(qname)} ${typeToText(qtype)}: ${r.reason}`,
        ttl: 0,
        rcode: 2,
        records: [],
      };
    const out = await this.validator.validate(ctx, r.msg, qname, qtype);
    if (!out.next) return out;
    const rest = await this.lookup(ctx, out.next, qtype);
    const v = worst(out, rest);
    return {
      ...v,
      reason: v.status === out.status && out.status !== 'secure' ? out.reason : rest.reason,
      rcode: rest.rcode,
      records: [...out.records, ...rest.records],
    };
  }

  clearCache(): void {
    this.answers.clear();
    this.zoneCache.clear();
  }

  stats(): ResolverStats {
    return { ...this.counters, cachedEntries: this.answers.size + this.zoneCache.size };
  }
}
