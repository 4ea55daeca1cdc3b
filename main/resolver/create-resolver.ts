import type { ResolverOptions } from './options';
import { ResolverEngine } from './resolver-engine';
import type { Resolver } from './types';

export type { ResolverOptions, ResolverLimits, TrustAnchor, QueryTransport } from './options';

/** A validating resolver with its cache exposed for diagnosis and tests. */
export interface ValidatingResolver extends Resolver {
  /** Forget every cached answer and zone fact. */
  clearCache(): void;
  /** Counters since creation (queries sent, cache hits, signature verifications). */
  stats(): ResolverStats;
}

export interface ResolverStats {
  queries: number;
  cacheHits: number;
  verifications: number;
  nsec3Hashes: number;
  cachedEntries: number;
}

/**
 * Builds the DNSSEC-validating stub resolver. Synchronous: reads trust-anchor files and the
 * system resolver configuration right away, so bad input fails here, with a YakkerError
 * ('bad-input' for unreadable or malformed anchor files).
 */
export function createResolver(options: ResolverOptions = {}): ValidatingResolver {
  return new ResolverEngine(options);
}
