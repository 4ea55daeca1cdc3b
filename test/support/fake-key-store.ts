import { YakkerError } from '../../shared/contract/result';
import type { KeyStore } from '../../main/keystore/key-store';

/**
 * An in-memory KeyStore for unit tests only (product code has no plaintext store). `state`
 * simulates the keychain being locked or missing.
 */
export class FakeKeyStore implements KeyStore {
  readonly backend = 'fake';
  readonly items = new Map<string, string>();
  state: 'ok' | 'locked' | 'unavailable' = 'ok';

  get(account: string): Promise<string | null> {
    this.check();
    return Promise.resolve(this.items.get(account) ?? null);
  }

  set(account: string, secret: string): Promise<void> {
    this.check();
    this.items.set(account, secret);
    return Promise.resolve();
  }

  delete(account: string): Promise<boolean> {
    this.check();
    return Promise.resolve(this.items.delete(account));
  }

  private check(): void {
    if (this.state === 'locked')
      throw new YakkerError('keychain-locked', 'fake keychain is locked');
    if (this.state === 'unavailable')
      throw new YakkerError('keychain-unavailable', 'fake keychain is missing');
  }
}
