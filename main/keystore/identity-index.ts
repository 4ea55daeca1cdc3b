import { YakkerError } from '../../shared/contract/result';
import type { KeyStore } from './key-store';
import { identityIndexSchema, type IdentityIndex } from './identity-types';

/** Keychain account of the identity index (public data only: names, numbers, certificates). */
export const INDEX_ACCOUNT = 'identity-index';

/**
 * The list of identities, kept as one JSON item in the keychain next to the keys. Updates are
 * serialised (read-modify-write under one promise chain) so concurrent calls cannot lose one.
 */
export class IdentityIndexStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly store: KeyStore) {}

  async read(): Promise<IdentityIndex> {
    const text = await this.store.get(INDEX_ACCOUNT);
    if (text === null) return { version: 1, identities: [] };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new YakkerError('storage-failed', 'the identity index in the keychain is damaged', {
        cause: error,
      });
    }
    const parsed = identityIndexSchema.safeParse(json);
    if (!parsed.success)
      throw new YakkerError('storage-failed', 'the identity index in the keychain is damaged');
    return parsed.data;
  }

  /** Runs `change` on the current index and stores what it returns, one update at a time. */
  update<T>(
    change: (index: IdentityIndex) => Promise<{ index: IdentityIndex; result: T }>,
  ): Promise<T> {
    const run = this.queue.then(async () => {
      const { index, result } = await change(await this.read());
      await this.store.set(INDEX_ACCOUNT, JSON.stringify(index));
      for (const listener of [...this.listeners]) listener();
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** `listener` runs after every stored update; returns a function that removes it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
