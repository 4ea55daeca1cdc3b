import type { ValidatingResolver, ResolverStats } from './create-resolver';
import type { ResolverOptions } from './options';
import type { ValidatedAnswer } from './types';

/** Placeholder while the validator lands; replaced by the real engine. */
export class ResolverEngine implements ValidatingResolver {
  constructor(private readonly options: ResolverOptions) {}

  resolve(name: string, type: string): Promise<ValidatedAnswer> {
    void this.options;
    return Promise.resolve({
      name,
      type,
      status: 'indeterminate',
      rcode: 'SERVFAIL',
      answers: [],
      reason: 'the validator is not built yet',
    });
  }

  clearCache(): void {}

  stats(): ResolverStats {
    return { queries: 0, cacheHits: 0, verifications: 0, nsec3Hashes: 0, cachedEntries: 0 };
  }
}
