import { DEFAULT_KEYCHAIN_SERVICE, SecretServiceKeyStore } from './secret-service-key-store';
import type { KeyStore } from './key-store';

/**
 * The product's KeyStore: the OS keychain under service YAKKER_KEYCHAIN_SERVICE (tests use
 * their own name so they never touch a user's items) or org.yakker.desktop. There is no
 * fallback: if the keychain is missing or locked, every call fails with a clear code.
 */
export function openKeyStore(
  env: Readonly<Record<string, string | undefined>> = process.env,
): KeyStore {
  const service = env['YAKKER_KEYCHAIN_SERVICE']?.trim() || DEFAULT_KEYCHAIN_SERVICE;
  return new SecretServiceKeyStore(service, undefined, env);
}
