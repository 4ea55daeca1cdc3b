import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountService, SIP_PASSWORD_ACCOUNT } from '../../../main/account/account-service';
import { EventBus } from '../../../main/core/event-bus';
import { IdentityService } from '../../../main/keystore/identity-service';
import type { Account } from '../../../shared/contract/areas/account';
import { codeOf } from '../../support/error-code';
import { FakeKeyStore } from '../../support/fake-key-store';

const root = mkdtempSync(join(tmpdir(), 'yakker-account-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let keyStore: FakeKeyStore;
let identities: IdentityService;
let file: string;
let changes: Account[];
let service: AccountService;
let n = 0;

beforeEach(() => {
  keyStore = new FakeKeyStore();
  identities = new IdentityService(keyStore);
  file = join(root, `account-${++n}.json`);
  changes = [];
  const bus = new EventBus();
  bus.subscribe((name, payload) => {
    if (name === 'account.changed') changes.push(payload as Account);
  });
  service = new AccountService({
    file,
    keyStore: () => Promise.resolve(keyStore),
    identities: () => Promise.resolve(identities),
    bus,
    displayName: () => Promise.resolve('Alice'),
  });
});

const ALICE = {
  aor: 'sip:+15550100@A.Provider.test;transport=tls',
  username: '+15550100',
  password: 'alice-secret-1',
};

describe('AccountService', () => {
  it('keeps AOR and user in account.json, the password only in the keychain; picks the identity by number', async () => {
    const id = await identities.create({ tel: '+15550100' });
    await identities.create({ tel: '+15550999' });
    const account = await service.set(ALICE);
    expect(account).toEqual({
      configured: true,
      aor: 'sip:+15550100@a.provider.test',
      number: '+15550100',
      domain: 'a.provider.test',
      identityId: id.id,
    });
    expect(changes).toEqual([account]);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(ALICE.password);
    expect(keyStore.items.get(SIP_PASSWORD_ACCOUNT)).toBe(ALICE.password);
    expect(await service.sipConfig()).toEqual({
      aor: 'sip:+15550100@a.provider.test',
      username: '+15550100',
      password: ALICE.password,
      displayName: 'Alice',
    });
  });

  it('a SIP address without a number: no identity unless one has that SIP URI', async () => {
    const account = await service.set({ ...ALICE, aor: 'sip:carol@b.provider.test' });
    expect(account).toMatchObject({ number: null, identityId: null });
    const carol = await identities.create({ sip: 'sip:carol@b.provider.test' });
    expect((await service.set({ ...ALICE, aor: 'sip:carol@b.provider.test' })).identityId).toBe(
      carol.id,
    );
  });

  it('a locked keychain refuses account.set and leaves the old account as it was (no plaintext fallback)', async () => {
    await service.set(ALICE);
    const before = readFileSync(file, 'utf8');
    keyStore.state = 'locked';
    expect(await codeOf(service.set({ ...ALICE, aor: 'sip:bob@b.provider.test' }))).toBe(
      'keychain-locked',
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
    keyStore.state = 'ok';
    expect(keyStore.items.get(SIP_PASSWORD_ACCOUNT)).toBe(ALICE.password);
    expect(changes).toHaveLength(1);
  });

  it('bad input: an AOR without user or domain, an unknown identity id', async () => {
    expect(await codeOf(service.set({ ...ALICE, aor: 'sip:a.provider.test' }))).toBe('bad-input');
    expect(await codeOf(service.set({ ...ALICE, aor: 'mailto:x@y' }))).toBe('bad-input');
    expect(await codeOf(service.set({ ...ALICE, identityId: 'nope' }))).toBe('identity-not-found');
    expect(existsSync(file)).toBe(false);
  });

  it('not configured: get says so, sipConfig refuses; a password gone from the keychain is not-configured', async () => {
    expect(await service.get()).toMatchObject({ configured: false, aor: null });
    expect(await codeOf(service.sipConfig())).toBe('not-configured');
    await service.set(ALICE);
    keyStore.items.delete(SIP_PASSWORD_ACCOUNT);
    expect(await codeOf(service.sipConfig())).toBe('not-configured');
  });

  it('clear removes the file and the password and announces it', async () => {
    await service.set(ALICE);
    await service.clear();
    expect(existsSync(file)).toBe(false);
    expect(keyStore.items.has(SIP_PASSWORD_ACCOUNT)).toBe(false);
    expect(changes.at(-1)).toMatchObject({ configured: false });
  });

  it('a damaged account file is storage-failed, not a crash and not a silent reset', async () => {
    writeFileSync(file, '{"aor": 3');
    expect(await codeOf(service.get())).toBe('storage-failed');
  });
});
