/**
 * The revoke state machine (main/devices/device-revoke.ts, docs/pairing.md §13) with the real
 * IdentityService over an in-memory keychain, the real LinkedDevices and revoke.json files, and
 * a fake directory that checks which key signed each request (the real one: the integration
 * test device-revoke-devnet.test.ts).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RevokeStatus } from '../../../shared/contract/areas/devices';
import { YakkerError } from '../../../shared/contract/result';
import { silentLogger } from '../../../main/core/logger';
import { DeviceRevoke } from '../../../main/devices/device-revoke';
import { RevokeStateFile } from '../../../main/devices/revoke-state';
import { DirectoryApiError, type DirectoryAccount } from '../../../main/directory/directory-client';
import type { RequestSigner } from '../../../main/directory/request-signer';
import { IdentityService } from '../../../main/keystore/identity-service';
import { LinkedDevices } from '../../../main/pairing/linked-devices';
import { FakeKeyStore } from '../../support/fake-key-store';

const NUMBER = '+15550100';

/** The directory's account key for one number, and what it does with a signed replaceKey. */
class FakeDirectory {
  mode: 'ok' | 'down' | 'lose-answer' = 'ok';
  calls: string[] = [];
  constructor(public keyId: string) {}

  async replaceKey(number: string, pem: string, signer: RequestSigner): Promise<DirectoryAccount> {
    const headers = await signer.sign(
      'POST',
      'https://dir.test/v1/accounts/revoke',
      Buffer.from('{}'),
    );
    const signedBy = /keyid="([0-9a-f]+)"/.exec(headers['signature-input'] ?? '')?.[1] ?? '';
    const replacement = fp(new X509Certificate(pem).raw);
    this.calls.push(signedBy === this.keyId ? 'current-key' : 'other-key');
    if (this.mode === 'down') throw new YakkerError('unavailable', "can't reach the directory");
    if (signedBy !== this.keyId)
      throw new DirectoryApiError(
        'crypto-signature-invalid',
        'not the key',
        'signature-key-mismatch',
        401,
      );
    this.keyId = replacement;
    if (this.mode === 'lose-answer') {
      this.mode = 'ok';
      throw new YakkerError('unavailable', 'the connection dropped');
    }
    return { number, status: 'active', keyId: replacement, target: null, records: [] };
  }
}

function fp(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

let dir: string;
let keys: FakeKeyStore;
let identities: IdentityService;
let linked: LinkedDevices;
let directory: FakeDirectory;
let seen: RevokeStatus[];
let identityId: string;
let oldFp: string;
let laptopId: string;
let phoneId: string;

function service(overrides: Partial<ConstructorParameters<typeof DeviceRevoke>[0]> = {}) {
  return new DeviceRevoke({
    state: new RevokeStateFile(join(dir, 'revoke.json')),
    linked,
    identities: () => Promise.resolve(identities),
    directory: () => directory,
    onChange: (s) => seen.push(s),
    keyAccount: () => 'identity-key:00000000000000aa',
    ...overrides,
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yakker-revoke-'));
  keys = new FakeKeyStore();
  identities = new IdentityService(keys);
  const id = await identities.create({ tel: NUMBER });
  identityId = id.id;
  oldFp = id.current.fingerprint;
  linked = new LinkedDevices(join(dir, 'linked-devices.json'), silentLogger);
  const device = {
    direction: 'sent-to' as const,
    linkedAt: 1,
    identityName: NUMBER,
    fingerprint: oldFp,
  };
  laptopId = (await linked.add({ ...device, name: 'Lost laptop' })).id;
  phoneId = (await linked.add({ ...device, name: 'Phone' })).id;
  await linked.add({ ...device, name: 'Other number', fingerprint: 'cd'.repeat(32) });
  directory = new FakeDirectory(oldFp);
  seen = [];
});

function stored(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, 'revoke.json'), 'utf8')) as Record<string, unknown>;
}

describe('DeviceRevoke', () => {
  it('makes a new key, has the directory swap it in with the old key, switches to it, updates the list', async () => {
    const done = await service({ now: () => new Date('2026-11-25T07:00:00Z') }).revoke(laptopId);
    expect(seen.map((s) => s.phase)).toEqual(['started', 'key-made', 'published', 'done']);
    expect(done).toMatchObject({
      phase: 'done',
      deviceName: 'Lost laptop',
      number: NUMBER,
      oldFingerprint: oldFp,
      error: null,
    });
    const after = await identities.get(identityId);
    expect(after.current.fingerprint).toBe(done.newFingerprint);
    expect(after.current.fingerprint).not.toBe(oldFp);
    expect(directory.keyId).toBe(done.newFingerprint);
    expect(directory.calls).toEqual(['current-key']);
    // The old certificate is never published nor used to sign again; its key stays for old messages.
    const records = await identities.records(identityId, 'e164.yakker.test');
    expect(records.map((r) => r.fingerprint)).toEqual([done.newFingerprint]);
    const signing = await identities.current(identityId, 'calls');
    expect(fp(signing.certificate.der)).toBe(done.newFingerprint);
    expect(await identities.credentials(identityId, 'messages')).toHaveLength(2);
    const list = await linked.list();
    expect(list.map((d) => [d.name, d.needsRelink ?? false])).toEqual([
      ['Phone', true],
      ['Other number', false],
    ]);
    expect(stored()).toMatchObject({ phase: 'done', error: null });
    expect(done.finishedAt).toBe('2026-11-25T07:00:00.000Z');
    expect(seen.slice(0, 3).map((s) => s.finishedAt)).toEqual([null, null, null]);
  });

  it('directory down: stops at key-made with the reason, changes nothing else; resume finishes with the same key', async () => {
    directory.mode = 'down';
    const revoke = service();
    await expect(revoke.revoke(laptopId)).rejects.toMatchObject({ code: 'unavailable' });
    const failed = await revoke.status();
    expect(failed).toMatchObject({ phase: 'key-made', error: { code: 'unavailable' } });
    expect(seen.at(-1)).toEqual(failed);
    expect((await identities.get(identityId)).current.fingerprint).toBe(oldFp);
    expect((await linked.list()).map((d) => d.name)).toContain('Lost laptop');
    expect(keys.items.has('identity-key:00000000000000aa')).toBe(true);
    directory.mode = 'ok';
    // After a restart: a new service over the same files.
    const done = await service().resume();
    expect(done).toMatchObject({
      phase: 'done',
      error: null,
      newFingerprint: failed.newFingerprint,
    });
    expect((await identities.get(identityId)).current.fingerprint).toBe(failed.newFingerprint);
  });

  it('an answer lost after the directory took the key: resume confirms it signed with the new key', async () => {
    directory.mode = 'lose-answer';
    await expect(service().revoke(laptopId)).rejects.toMatchObject({ code: 'unavailable' });
    expect((await service().status()).phase).toBe('key-made');
    const done = await service().revoke(laptopId); // the same device again resumes
    expect(done.phase).toBe('done');
    expect(directory.calls).toEqual(['current-key', 'other-key', 'current-key']);
  });

  it('a key the directory has that this device never made is key-conflict; nothing switches', async () => {
    directory.keyId = 'ef'.repeat(32);
    await expect(service().revoke(laptopId)).rejects.toMatchObject({ code: 'key-conflict' });
    expect(await service().status()).toMatchObject({
      phase: 'key-made',
      error: { code: 'key-conflict' },
    });
    expect((await identities.get(identityId)).current.fingerprint).toBe(oldFp);
  });

  it('a crash after the key was stored, before key-made was saved: the same keychain item is reused', async () => {
    const revoke = service();
    directory.mode = 'down';
    await expect(revoke.revoke(laptopId)).rejects.toBeInstanceOf(YakkerError);
    const keyPem = keys.items.get('identity-key:00000000000000aa');
    writeFileSync(
      join(dir, 'revoke.json'),
      JSON.stringify({
        ...stored(),
        phase: 'started',
        newCertificatePem: null,
        newFingerprint: null,
      }),
    );
    directory.mode = 'ok';
    const done = await service().resume();
    expect(done.phase).toBe('done');
    expect(keys.items.get('identity-key:00000000000000aa')).toBe(keyPem);
  });

  it('a locked keychain while switching: stays published, says so, and resumes', async () => {
    const revoke = service({
      linked,
      onChange: (s) => {
        seen.push(s);
        if (s.phase === 'published' && s.error === null) keys.state = 'locked';
      },
    });
    await expect(revoke.revoke(laptopId)).rejects.toMatchObject({ code: 'keychain-locked' });
    expect(stored()).toMatchObject({ phase: 'published', error: { code: 'keychain-locked' } });
    keys.state = 'ok';
    expect((await revoke.resume()).phase).toBe('done');
  });

  it('refuses before anything changes: unknown device, no directory, another revoke unfinished', async () => {
    await expect(service().revoke('nope')).rejects.toMatchObject({ code: 'not-found' });
    const noDirectory = service({
      directory: () => {
        throw new YakkerError('not-configured', 'The network "internet" has no directory service.');
      },
    });
    await expect(noDirectory.revoke(laptopId)).rejects.toMatchObject({ code: 'not-configured' });
    expect(existsSync(join(dir, 'revoke.json'))).toBe(false);
    expect([...keys.items.keys()].filter((k) => k.endsWith('aa'))).toEqual([]);
    directory.mode = 'down';
    await expect(service().revoke(laptopId)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(service().revoke(phoneId)).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringContaining('Lost laptop') as string,
    });
    expect(seen).toHaveLength(3); // started, key-made, key-made with the error
  });

  it('a device whose key is not here, or an identity without a number, is refused', async () => {
    const other = (await linked.list()).find((d) => d.name === 'Other number');
    await expect(service().revoke(other?.id ?? '')).rejects.toMatchObject({
      code: 'identity-not-found',
    });
    const sip = await identities.create({ sip: 'sip:alice@example.org' });
    const sipDevice = await linked.add({
      name: 'Tablet',
      direction: 'sent-to',
      linkedAt: 1,
      identityName: 'alice',
      fingerprint: sip.current.fingerprint,
    });
    await expect(service().revoke(sipDevice.id)).rejects.toMatchObject({ code: 'not-configured' });
    expect(existsSync(join(dir, 'revoke.json'))).toBe(false);
  });

  it('an unreadable revoke.json is kept aside and counts as nothing in progress', async () => {
    writeFileSync(join(dir, 'revoke.json'), '{"version":1,"phase":"publ');
    expect((await service().status()).phase).toBe('idle');
    expect(readdirSync(dir)).toContain('revoke.json.unreadable');
    expect((await service().revoke(laptopId)).phase).toBe('done');
  });

  it('a device left with the revoked key is only forgotten: no second new key', async () => {
    const first = await service().revoke(laptopId);
    const calls = directory.calls.length;
    const again = await service().revoke(phoneId);
    expect(again).toMatchObject({ phase: 'idle', deviceName: 'Phone' });
    expect(directory.calls).toHaveLength(calls);
    expect((await identities.get(identityId)).current.fingerprint).toBe(first.newFingerprint);
    expect((await linked.list()).map((d) => d.name)).toEqual(['Other number']);
  });

  it('linking the device again replaces its entry that waits for the new key', async () => {
    await service().revoke(laptopId);
    await linked.add({
      name: 'Phone',
      direction: 'sent-to',
      linkedAt: 2,
      identityName: NUMBER,
      fingerprint: 'ee'.repeat(32),
    });
    const phones = (await linked.list()).filter((d) => d.name === 'Phone');
    expect(phones).toEqual([expect.objectContaining({ linkedAt: 2 })]);
    expect(phones[0]?.needsRelink).toBeUndefined();
  });
});
