import type { ServerAddress } from './types';

/** A trust anchor: a DS or DNSKEY record for a zone, as wire RDATA. */
export interface TrustAnchor {
  /** Zone name, absolute, no trailing dot ("" is the root). */
  name: string;
  type: 'DS' | 'DNSKEY';
  /** RDATA in wire form. */
  rdata: Uint8Array;
}

/** Hard caps on the work one lookup may cause (KeyTrap, NSEC3 CPU, chain length). */
export interface ResolverLimits {
  /** RRSIGs considered per RRset; extra ones are ignored (KeyTrap). */
  maxSignaturesPerRrset: number;
  /** DNSKEYs tried per RRSIG when key tags collide (KeyTrap). */
  maxKeysPerSignature: number;
  /** Signature verifications (crypto operations) per RRset. */
  maxVerificationsPerRrset: number;
  /** Signature verifications per resolve() call, the whole chain included. */
  maxVerificationsPerLookup: number;
  /** NSEC3 hash computations per resolve() call. */
  maxNsec3HashesPerLookup: number;
  /** NSEC3 iterations above this make the answer insecure (RFC 9276; Unbound uses 150). */
  maxNsec3Iterations: number;
  /** CNAME/DNAME links followed. */
  maxChainLength: number;
  /** Labels walked from a trust anchor down to a zone (DS probes). */
  maxDelegationDepth: number;
  /** Upstream queries per resolve() call. */
  maxQueriesPerLookup: number;
  /** RRs accepted per RRset (larger RRsets are bogus). */
  maxRecordsPerRrset: number;
}

export interface ResolverCacheOptions {
  /** Maximum cached entries (answers and zone facts); oldest go first. */
  maxEntries?: number;
  /** Seconds a bogus or indeterminate answer is remembered. */
  bogusTtl?: number;
  /** Upper bound on any cached TTL, seconds. */
  maxTtl?: number;
}

/** Sends one query and returns the raw response (tests inject fakes; default is UDP/TCP). */
export type QueryTransport = (
  query: { name: Uint8Array; type: number },
  signal?: AbortSignal,
) => Promise<Uint8Array>;

export interface ResolverLogger {
  debug(message: string): void;
}

export interface ResolverOptions {
  /** Upstream servers (recursive resolvers, or one authoritative server for all zones).
   *  Default: the system configuration (resolv.conf; node's dns.getServers() on Windows). */
  servers?: readonly ServerAddress[];
  /** Trust anchors. Default: IANA root KSK-2017 (20326) and KSK-2024 (38696). */
  trustAnchors?: readonly TrustAnchor[];
  /** Files of DS/DNSKEY records in presentation format (dnssec-signzone `dsset-` files, ldns
   *  `.ds` files, `dig DNSKEY` output). When given, these (plus `trustAnchors` if also given)
   *  replace the default root anchors. */
  trustAnchorFiles?: readonly string[];
  /** Current time in milliseconds since the epoch (inject a fixed clock in tests). */
  now?: () => number;
  /** Per-attempt timeout in milliseconds (default 2000). */
  timeoutMs?: number;
  /** Upper bound for one resolve() call, all its queries included, in ms (default 20000). */
  lookupTimeoutMs?: number;
  /** Rounds over the server list (default 2). */
  attempts?: number;
  /** Clock-skew allowance for RRSIG validity windows, seconds (default 300). */
  clockSkewSeconds?: number;
  limits?: Partial<ResolverLimits>;
  /** Cache settings, or false to disable caching. */
  cache?: ResolverCacheOptions | false;
  /** Replace the network transport (tests, fuzzing). */
  transport?: QueryTransport;
  logger?: ResolverLogger;
}
