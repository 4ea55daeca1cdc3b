/**
 * Where secrets live: one string per account name, inside the OS keychain. Implementations must
 * fail closed: when the keychain is missing or locked they throw a YakkerError with code
 * `keychain-unavailable` or `keychain-locked`, and never fall back to a file.
 *
 * The only implementations are SecretServiceKeyStore (product) and the FakeKeyStore in
 * test/support (unit tests). There is deliberately no plaintext store in product code.
 */
export interface KeyStore {
  /** A short name of the backend for diagnostics, e.g. `secret-service:yakker`. */
  readonly backend: string;
  /** The secret stored under `account`, or null when there is none. */
  get(account: string): Promise<string | null>;
  /** Stores (or replaces) the secret under `account`. */
  set(account: string, secret: string): Promise<void>;
  /** Deletes `account`; false when there was nothing to delete. */
  delete(account: string): Promise<boolean>;
}
