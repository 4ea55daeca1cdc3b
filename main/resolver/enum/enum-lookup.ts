import type { DnssecStatus, Resolver } from '../types';
import { isUsable, worstStatus } from '../common/dnssec-status';
import { normaliseName } from '../common/dns-name';
import { decodeNaptr, sortNaptr, type NaptrRecord } from '../rdata/naptr';
import { decodeRecords } from '../rdata/wire-reader';
import { applySubstitution, parseSubstitution } from './dds-regexp';
import { enumDomain, normaliseE164 } from './e164';
import { formatEnumservice, offersService } from './enumservice';

export interface EnumOptions {
  /** The ENUM suffix (default `e164.arpa.`; a network profile may say `e164.yakker.test.`). */
  suffix?: string;
  /** Country for national number formats (ISO 3166 alpha-2). */
  defaultCountry?: string;
  /** The Enumservice type wanted (default `sip`). */
  service?: string;
  /** URI schemes accepted as results (default sip and sips). */
  schemes?: readonly string[];
  /** Most non-terminal NAPTRs followed in one lookup (RFC 6116 §5.2.1 suggests 5). */
  maxNonTerminal?: number;
  /** Most NAPTR queries in one lookup. */
  maxQueries?: number;
  signal?: AbortSignal;
}

/** One NAPTR query made during the lookup, for diagnosis. */
export interface EnumStep {
  name: string;
  status: DnssecStatus;
  rcode: string;
  records: number;
  reason: string;
  /** Why its records were not used, if they were not. */
  discarded?: string;
}

export interface EnumUri {
  uri: string;
  service: string;
  order: number;
  preference: number;
  /** The worst status of the NAPTR answers on the path to this URI. */
  status: DnssecStatus;
  /** The domains queried to reach it: the ENUM domain, then any non-terminal replacements. */
  path: string[];
}

export interface EnumResult {
  /** The E.164 number (the Application Unique String), e.g. `+15550100`. */
  e164: string;
  /** The first key, absolute: `0.0.1.0.5.5.5.1.e164.arpa.` */
  domain: string;
  /** The worst status of every answer used (or of every answer seen, when nothing matched). */
  status: DnssecStatus;
  /** Matching URIs in the order to try them. */
  uris: EnumUri[];
  steps: EnumStep[];
  reason: string;
}

interface Walk {
  readonly resolver: Resolver;
  readonly aus: string;
  readonly service: string;
  readonly schemes: readonly string[];
  readonly maxNonTerminal: number;
  readonly maxQueries: number;
  readonly signal: AbortSignal | undefined;
  readonly steps: EnumStep[];
}

/**
 * An ENUM lookup (RFC 6116, DDDS per RFC 3402/3403): E.164 normalisation, the First Well Known
 * Rule, NAPTR processing by order and preference, terminal "u" rules with regexp substitution,
 * non-terminal rules (empty flags: the replacement is the next key) with loop detection, and
 * the DNSSEC status of every answer used. Never throws for DNS outcomes; a number that cannot
 * be normalised throws a `bad-input` YakkerError.
 */
export async function lookupEnum(
  resolver: Resolver,
  number: string,
  options: EnumOptions = {},
): Promise<EnumResult> {
  const e164 = normaliseE164(
    number,
    options.defaultCountry === undefined ? {} : { defaultCountry: options.defaultCountry },
  );
  const domain = enumDomain(e164, options.suffix ?? 'e164.arpa.');
  const walk: Walk = {
    resolver,
    aus: e164,
    service: options.service ?? 'sip',
    schemes: (options.schemes ?? ['sip', 'sips']).map((s) => s.toLowerCase()),
    maxNonTerminal: options.maxNonTerminal ?? 5,
    maxQueries: options.maxQueries ?? 16,
    signal: options.signal,
    steps: [],
  };
  const uris = await visit(walk, normaliseName(domain), [], 'secure');
  const status =
    uris.length > 0
      ? worstStatus(...uris.map((u) => u.status))
      : worstStatus(...walk.steps.map((s) => s.status));
  return { e164, domain, status, uris, steps: walk.steps, reason: explain(uris, walk.steps) };
}

/** Processes the NAPTR RRset at `name`; returns the URIs of the first ORDER that matched. */
async function visit(
  walk: Walk,
  name: string,
  path: readonly string[],
  pathStatus: DnssecStatus,
): Promise<EnumUri[]> {
  const answer = await walk.resolver.resolve(name, 'NAPTR', signalOption(walk.signal));
  // A malformed record is skipped like a rule we do not understand.
  const records = decodeRecords(answer.answers, 'NAPTR', decodeNaptr);
  const step: EnumStep = {
    name,
    status: answer.status,
    rcode: answer.rcode,
    records: records.length,
    reason: answer.reason,
  };
  walk.steps.push(step);
  if (!isUsable(answer.status)) {
    step.discarded = `the answer is ${answer.status}: its records are not used`;
    return [];
  }
  const here = [...path, name];
  const status = worstStatus(pathStatus, answer.status);
  const results: EnumUri[] = [];
  let matchedOrder: number | undefined;
  for (const record of sortNaptr(records)) {
    if (matchedOrder !== undefined && record.order > matchedOrder) break;
    const flags = record.flags.toLowerCase();
    if (flags === 'u') {
      const uri = terminal(walk, record);
      if (uri === undefined) continue;
      results.push({
        uri: uri.uri,
        service: uri.service,
        order: record.order,
        preference: record.preference,
        status,
        path: here,
      });
      matchedOrder = record.order;
    } else if (flags === '') {
      const next = record.replacement;
      if (next === '' || here.includes(next)) continue; // no key, or a loop
      if (here.length > walk.maxNonTerminal) continue; // too deep: treat as a loop
      if (walk.steps.length >= walk.maxQueries) continue;
      const found = await visit(walk, next, here, status);
      if (found.length === 0) continue; // RFC 6116 §5.2.1: go on with the next NAPTR here
      results.push(...found);
      matchedOrder = record.order;
    }
    // Any other flag: unknown to ENUM, skip the rule (RFC 6116 §3.4.2).
  }
  return results;
}

function terminal(walk: Walk, record: NaptrRecord): { uri: string; service: string } | undefined {
  const service = offersService(record.services, walk.service);
  if (service === undefined) return undefined;
  const expression = parseSubstitution(record.regexp);
  if (expression === undefined) return undefined;
  const uri = applySubstitution(expression, walk.aus);
  if (uri === undefined || uri.length > 2048) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || !walk.schemes.includes(scheme)) return undefined;
  return { uri, service: formatEnumservice(service) };
}

function signalOption(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}

function explain(uris: readonly EnumUri[], steps: readonly EnumStep[]): string {
  const first = steps[0];
  if (uris.length > 0) {
    const chain = uris[0]?.path.length ?? 1;
    return `${uris.length} URI(s) found${chain > 1 ? ` through ${chain - 1} non-terminal rule(s)` : ''}; ${uris[0]?.status ?? 'secure'}`;
  }
  if (first === undefined) return 'no query was made';
  if (!isUsable(first.status)) return `the NAPTR answer is ${first.status}: ${first.reason}`;
  if (first.rcode === 'NXDOMAIN') return `no ENUM entry: the name does not exist (${first.status})`;
  if (first.records === 0) return `no ENUM entry: no NAPTR records (${first.status})`;
  const bad = steps.find((s) => !isUsable(s.status));
  if (bad !== undefined) return `no usable rule: the answer for ${bad.name} is ${bad.status}`;
  return 'no NAPTR rule gave a URI for this service';
}
