/**
 * The KeyStore and IdentityService against a real gnome-keyring on a private D-Bus session
 * started here (unlocked with a test password). @napi-rs/keyring keeps its D-Bus connection for
 * the life of the process, so this file uses one session; the locked and missing cases run in
 * child processes (keystore-cli.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityService } from '../../main/keystore/identity-service';
import { openKeyStore } from '../../main/keystore/open-key-store';
import { codeOf } from '../support/error-code';
import {
  removeHome,
  requireKeyringTools,
  startPrivateSession,
  type PrivateSession,
} from '../support/private-keyring';

const SERVICE = `yakker-test-${process.pid}`;
let session: PrivateSession;

beforeAll(async () => {
  requireKeyringTools();
  session = await startPrivateSession('unlocked');
  // The keychain library reads the bus address from this process's environment.
  process.env['DBUS_SESSION_BUS_ADDRESS'] = session.env['DBUS_SESSION_BUS_ADDRESS'];
});

afterAll(async () => {
  await session.stop();
  removeHome(session);
});

function secretTool(...args: string[]): string {
  return execFileSync('secret-tool', args, { env: { ...process.env, ...session.env } }).toString();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) return filesUnder(path);
    return stat.isFile() ? [path] : []; // skip the daemon's sockets
  });
}

describe('Secret Service keychain (gnome-keyring)', () => {
  it('stores, reads and deletes secrets under our service name', async () => {
    const store = openKeyStore({ ...session.env, YAKKER_KEYCHAIN_SERVICE: SERVICE });
    expect(store.backend).toBe(`os-keychain:${SERVICE}`);
    await store.set('probe-item', 's3cret');
    expect(await store.get('probe-item')).toBe('s3cret');
    expect(secretTool('lookup', 'service', SERVICE, 'username', 'probe-item')).toBe('s3cret');
    expect(await store.delete('probe-item')).toBe(true);
    expect(await store.get('probe-item')).toBeNull();
    expect(await store.delete('probe-item')).toBe(false);
  });

  it('keeps several identities, renames and deletes them, keys never on disk in the clear', async () => {
    const service = new IdentityService(
      openKeyStore({ ...session.env, YAKKER_KEYCHAIN_SERVICE: SERVICE }),
    );
    const a = await service.create({ tel: '+15550100', name: 'mobile' });
    const b = await service.create({ sip: 'sip:alice@example.org', name: 'sip account' });
    const c = await service.create({ tel: '+15550111', sip: 'sip:c@example.org' });
    expect((await service.list()).map((i) => i.name)).toEqual([
      'mobile',
      'sip account',
      '+15550111',
    ]);

    // A second service object (another process, a restart) sees the same identities.
    const again = new IdentityService(
      openKeyStore({ ...session.env, YAKKER_KEYCHAIN_SERVICE: SERVICE }),
    );
    expect((await again.get(b.id)).sip).toBe('sip:alice@example.org');
    const [credential] = await again.credentials(a.id, 'messages');
    expect(credential?.certificate.node.checkPrivateKey(credential.key)).toBe(true);

    await again.rename(c.id, 'third');
    await again.delete(a.id);
    expect((await service.list()).map((i) => i.name)).toEqual(['sip account', 'third']);
    expect(await codeOf(service.get(a.id))).toBe('identity-not-found');

    // The keyring file is encrypted: no PEM, no certificate text, no private key on disk.
    const keyringFiles = filesUnder(session.home).filter((f) => f.includes('keyrings'));
    expect(keyringFiles.length).toBeGreaterThan(0);
    for (const file of filesUnder(session.home)) {
      expect(readFileSync(file).includes('PRIVATE KEY')).toBe(false);
    }
    const items = secretTool('search', '--all', 'service', SERVICE);
    expect(items).toContain('identity-index');
    expect(items).toContain('identity-key:');
  });

  it('many reads of missing entries at once, from two stores (two processes): all answer "absent"', async () => {
    // Each read that finds nothing probes the keychain with a write; probes on one shared item
    // used to race ("No such interface org.freedesktop.Secret.Item"), read as "unusable".
    const stores = [0, 1].map(() =>
      openKeyStore({ ...session.env, YAKKER_KEYCHAIN_SERVICE: SERVICE }),
    );
    for (let round = 0; round < 3; round++) {
      const reads = stores.flatMap((store, s) =>
        Array.from({ length: 6 }, (_, i) => store.get(`missing-${round}-${s}-${i}`)),
      );
      expect(await Promise.all(reads)).toEqual(reads.map(() => null));
    }
  });

  it('lets other services (other test runs, the real app) be: separate names, separate items', async () => {
    const mine = new IdentityService(
      openKeyStore({ ...session.env, YAKKER_KEYCHAIN_SERVICE: SERVICE }),
    );
    const other = new IdentityService(
      openKeyStore({ ...session.env, YAKKER_KEYCHAIN_SERVICE: `${SERVICE}-b` }),
    );
    await other.create({ tel: '+15550199' });
    expect((await mine.list()).some((i) => i.tel === '+15550199')).toBe(false);
    expect(await other.list()).toHaveLength(1);
  });
});
