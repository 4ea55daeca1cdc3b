import type { ResolverLimits } from '../options';

/** Work counters for one resolve() call; every expensive step draws from it (KeyTrap). */
export class WorkBudget {
  verifications = 0;
  nsec3Hashes = 0;
  queries = 0;

  constructor(readonly limits: ResolverLimits) {}

  takeVerification(): boolean {
    if (this.verifications >= this.limits.maxVerificationsPerLookup) return false;
    this.verifications++;
    return true;
  }

  takeNsec3Hash(): boolean {
    if (this.nsec3Hashes >= this.limits.maxNsec3HashesPerLookup) return false;
    this.nsec3Hashes++;
    return true;
  }

  takeQuery(): boolean {
    if (this.queries >= this.limits.maxQueriesPerLookup) return false;
    this.queries++;
    return true;
  }
}

export const DEFAULT_LIMITS: ResolverLimits = {
  maxSignaturesPerRrset: 8,
  maxKeysPerSignature: 4,
  maxVerificationsPerRrset: 16,
  maxVerificationsPerLookup: 128,
  maxNsec3HashesPerLookup: 200,
  maxNsec3Iterations: 150,
  maxChainLength: 10,
  maxDelegationDepth: 32,
  maxQueriesPerLookup: 80,
  maxRecordsPerRrset: 512,
};
