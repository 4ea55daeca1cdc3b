import { codeOf } from '../../support/error-code';
import { describe, expect, it } from 'vitest';
import {
  SecretServiceKeyStore,
  type KeychainEntryFactory,
} from '../../../main/keystore/secret-service-key-store';
import { openKeyStore } from '../../../main/keystore/open-key-store';

const failing =
  (message: string): KeychainEntryFactory =>
  () => ({
    getPassword: () => Promise.reject(new Error(message)),
    setPassword: () => Promise.reject(new Error(message)),
    deletePassword: () => Promise.reject(new Error(message)),
  });
const bus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };

describe('SecretServiceKeyStore error mapping (fail closed)', () => {
  it('no session bus on Linux → keychain-unavailable, without touching the library', async () => {
    const store = new SecretServiceKeyStore('t', failing('must not be called'), {}, 'linux');
    expect(await codeOf(store.get('a'))).toBe('keychain-unavailable');
  });

  it('gnome-keyring locked (prompt dismissed) or without a default keyring → keychain-locked', async () => {
    for (const msg of [
      "Couldn't access platform storage: Secret Service: unlock prompt was dismissed",
      "Couldn't access platform storage: Secret Service: no result found",
    ]) {
      const store = new SecretServiceKeyStore('t', failing(msg), bus, 'linux');
      expect(await codeOf(store.set('a', 'b'))).toBe('keychain-locked');
    }
  });

  it('D-Bus without a Secret Service → keychain-unavailable', async () => {
    const msg = 'Platform failure: DBus error: The name org.freedesktop.secrets was not provided';
    const store = new SecretServiceKeyStore('t', failing(msg), bus, 'linux');
    expect(await codeOf(store.delete('a'))).toBe('keychain-unavailable');
  });

  it('a read that finds nothing probes with a write, so a locked keychain is not taken as empty', async () => {
    const calls: string[] = [];
    const factory: KeychainEntryFactory = (_service, account) => ({
      getPassword: () => Promise.resolve(null),
      setPassword: () => {
        calls.push(`set ${account}`);
        return Promise.reject(new Error('Secret Service: unlock prompt was dismissed'));
      },
      deletePassword: () => Promise.resolve(true),
    });
    const store = new SecretServiceKeyStore('t', factory, bus, 'linux');
    expect(await codeOf(store.get('identity-index'))).toBe('keychain-locked');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^set yakker-probe-[0-9a-f]{12}$/);
  });

  it('reads that find nothing at once share one probe, on an item of its own', async () => {
    // Two probes on one shared item raced in gnome-keyring (one deleted it while the other
    // wrote it), and the read failed as "keychain-unavailable" (seen in the relay e2e test).
    const writes: string[] = [];
    const factory: KeychainEntryFactory = (_service, account) => ({
      getPassword: () => Promise.resolve(null),
      setPassword: async () => {
        writes.push(account);
        await new Promise((r) => setTimeout(r, 5));
      },
      deletePassword: () => Promise.resolve(true),
    });
    const store = new SecretServiceKeyStore('t', factory, bus, 'linux');
    const other = new SecretServiceKeyStore('t', factory, bus, 'linux'); // another process
    const reads = ['a', 'b', 'c', 'd'].map((account) => store.get(account));
    expect(await Promise.all([...reads, other.get('a')])).toEqual([null, null, null, null, null]);
    expect(writes).toHaveLength(2); // one probe per store
    expect(writes[0]).not.toBe(writes[1]);
    await store.get('e'); // the next read probes again
    expect(writes).toHaveLength(3);
  });

  it('pins the Secret Service store on Linux (never the kernel keyring fallback)', async () => {
    const seen: unknown[] = [];
    const factory: KeychainEntryFactory = (_s, _a, options) => {
      seen.push(options);
      return {
        getPassword: () => Promise.resolve('x'),
        setPassword: () => Promise.resolve(),
        deletePassword: () => Promise.resolve(true),
      };
    };
    await new SecretServiceKeyStore('t', factory, bus, 'linux').get('a');
    expect(seen).toEqual([{ linux: { store: 'secret-service' } }]);
  });

  it('takes the service name from YAKKER_KEYCHAIN_SERVICE', () => {
    expect(openKeyStore({ YAKKER_KEYCHAIN_SERVICE: 'yakker-test-1' }).backend).toBe(
      'os-keychain:yakker-test-1',
    );
    expect(openKeyStore({}).backend).toBe('os-keychain:org.yakker.desktop');
  });
});
