import { YakkerError } from '../../shared/contract/result';

/** A handler for a request whose service is not built yet: a clear error, never a fake answer. */
export function notBuilt(what: string): () => Promise<never> {
  return () =>
    Promise.reject(
      new YakkerError('not-implemented', `${what} is not available in this version of Yakker yet.`),
    );
}
