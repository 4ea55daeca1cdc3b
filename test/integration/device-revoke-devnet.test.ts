/**
 * Removing a linked device for real (docs/pairing.md §13) on a real devnet (Knot-signed directory
 * zone, the directory's HTTPS API), three apps with keys in a private gnome-keyring: the holder
 * signs up a number, links two devices by real pairing over loopback, then removes one while the
 * directory cannot be reached (stops after making the key, says why, DNS unchanged), and a
 * restart with the directory back finishes it by itself. Then our validating resolver and delv
 * find only the new certificate, the removed device's requests to the directory and its call
 * signatures are refused, the holder's new key works, and the device that stays is marked to be
 * linked again; linked again, it holds the new key in the same identity and its calls verify. The directory's rollover endpoint on its own: every way a replacement can be
 * wrong is refused with its code and changes neither the database nor DNS. Never skips.
 */
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RevokeStatus } from '../../shared/contract/areas/devices';
import type { PairingStatus } from '../../shared/contract/requests';
import { createApp, type YakkerApp } from '../../main/app/bootstrap';
import { silentLogger } from '../../main/core/logger';
import { CallIdentity } from '../../main/keystore/call-identity';
import { IdentityService } from '../../main/keystore/identity-service';
import { SigningKeyCache } from '../../main/keystore/signing-key-cache';
import { openKeyStore } from '../../main/keystore/open-key-store';
import { PROFILE_ENV } from '../../main/network/network-profile';
import { startTestDevnet, type TestDevnet } from '../support/devnet-cli';
import { createIdentityCertificate } from '../../main/keystore/certificate-factory';
import {
  dbSnapshot,
  dnsView,
  makeIdentity,
  register,
  type TestIdentity,
} from '../support/devnet-directory';
import { directoryClient, errorCode, keyIdOf, type ApiReply } from '../support/directory-client';
import { delv } from '../support/dns-hierarchy';
import { request } from '../support/handler-sip-socket';
import { removeHome, startPrivateSession, type PrivateSession } from '../support/private-keyring';

const NUMBER = '+15550140';
const OWNER = '0.4.1.0.5.5.5.1.e164.yakker.test';
const SDP =
  'v=0\r\na=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99\r\n';

let devnet: TestDevnet;
let session: PrivateSession;
let caPem: string;
const saved: Record<string, string | undefined> = {};
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  session = await startPrivateSession('unlocked');
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'YAKKER_PAIRING_HOSTS'])
    saved[name] = process.env[name];
  process.env['DBUS_SESSION_BUS_ADDRESS'] = session.env['DBUS_SESSION_BUS_ADDRESS'];
  process.env['YAKKER_PAIRING_HOSTS'] = '127.0.0.1';
  devnet = await startTestDevnet('yakker-revoke-');
  caPem = readFileSync(devnet.profile.caCertFile, 'utf8');
}, 180_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await devnet?.down();
  await session?.stop();
  for (const [name, value] of Object.entries(saved))
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  if (session) removeHome(session);
}, 60_000);

const keychain = (user: string) => ({
  ...session.env,
  YAKKER_KEYCHAIN_SERVICE: `yakker-revoke-${user}`,
});

function openApp(user: string, dataDir: string, profileFile = devnet.profileFile): YakkerApp {
  process.env[PROFILE_ENV] = profileFile;
  const app = createApp({
    host: 'test',
    version: '0.0.0-test',
    dataDir,
    logger: silentLogger,
    keyStore: openKeyStore(keychain(user)),
  });
  Reflect.deleteProperty(process.env, PROFILE_ENV);
  cleanups.push(() => app.dispose());
  return app;
}

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `yakker-revoke-${name}-`));
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

async function ok<T>(
  result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>,
): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The first event `name` whose payload passes `test`. */
function nextEvent<T>(app: YakkerApp, name: string, test: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const off = app.bus.subscribe((n, payload) => {
      if (n === name && test(payload as T)) {
        void off.dispose();
        resolve(payload as T);
      }
    });
  });
}

async function smsCode(number: string): Promise<string> {
  const api = directoryClient(devnet.profile.directoryUrl ?? '', caPem);
  const reply = await api.get(`/v1/sms?number=${encodeURIComponent(number)}`);
  const messages = (reply.json as { messages: { text: string }[] }).messages;
  const code = /\b(\d{6})\b/.exec(messages[0]?.text ?? '')?.[1];
  if (code === undefined) throw new Error(`no code for ${number}: ${reply.text}`);
  return code;
}

/** Real pairing over loopback through both apps' handlers; the holder's user types the code. */
async function link(holder: YakkerApp, joiner: YakkerApp, identityId: string, name: string) {
  const confirm = nextEvent<PairingStatus>(
    holder,
    'pairing.changed',
    (s) => s.state === 'confirm-needed',
  );
  const holderDone = nextEvent<PairingStatus>(
    holder,
    'pairing.changed',
    (s) => s.role === 'holder' && (s.state === 'done' || s.state === 'failed'),
  );
  const joinerDone = nextEvent<PairingStatus>(
    joiner,
    'pairing.changed',
    (s) => s.role === 'joiner' && (s.state === 'done' || s.state === 'failed'),
  );
  const offer = await ok(request(holder, 'pairing.start', { identityId }));
  const shown = await ok(request(joiner, 'pairing.join', { text: offer.text, deviceName: name }));
  await confirm;
  await ok(request(holder, 'pairing.confirm', { code: shown.code ?? '' }));
  expect((await holderDone).state).toBe('done');
  expect((await joinerDone).state).toBe('done');
}

async function refusingPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const hex = (pem: string) => new X509Certificate(pem).raw.toString('hex');

describe('removing a linked device on a real devnet', () => {
  it('new key published, old one revoked; a dead directory midway resumes after a restart', async () => {
    const holderDir = tempDir('holder');
    let holder = openApp('holder', holderDir);
    await ok(request(holder, 'onboarding.start', { number: NUMBER }));
    await ok(request(holder, 'onboarding.verify', { code: await smsCode(NUMBER) }));
    const [identity] = await ok(request(holder, 'identities.list', {}));
    if (identity === undefined) throw new Error('no identity after sign-up');
    const holderKeys = new IdentityService(openKeyStore(keychain('holder')));
    const oldPem = (await holderKeys.get(identity.id)).current.pem;

    const lost = openApp('lost', tempDir('lost'));
    const staying = openApp('staying', tempDir('staying'));
    await link(holder, lost, identity.id, 'Lost laptop');
    await link(holder, staying, identity.id, 'Kitchen PC');
    const devices = await ok(request(holder, 'devices.list', {}));
    expect(devices.map((d) => [d.name, d.fingerprint])).toEqual([
      ['Lost laptop', identity.fingerprint],
      ['Kitchen PC', identity.fingerprint],
    ]);
    const lostId = devices[0]?.id ?? '';

    // The directory can't be reached: the key is made, nothing else changes, the reason is kept.
    await holder.dispose();
    const port = await refusingPort();
    const deadProfile = join(devnet.stateDir, 'dead-directory.json');
    const profile = JSON.parse(readFileSync(devnet.profileFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      deadProfile,
      JSON.stringify({ ...profile, directoryUrl: `https://127.0.0.1:${String(port)}` }),
    );
    holder = openApp('holder', holderDir, deadProfile);
    const failed = await request(holder, 'devices.revoke', { id: lostId });
    expect(failed.ok ? null : failed.error.code).toBe('unavailable');
    const stuck = await ok(request(holder, 'devices.revokeStatus', {}));
    expect(stuck).toMatchObject({
      phase: 'key-made',
      deviceName: 'Lost laptop',
      number: NUMBER,
      error: { code: 'unavailable' },
    });
    expect(stuck.error?.message).toMatch(/directory/i);
    expect((await ok(request(holder, 'identities.list', {})))[0]?.fingerprint).toBe(
      identity.fingerprint,
    );
    expect((await ok(request(holder, 'devices.list', {}))).map((d) => d.name)).toContain(
      'Lost laptop',
    );
    const before = await dnsView(devnet.profile, NUMBER);
    expect(before.certs).toEqual([Buffer.from(hex(oldPem), 'hex').toString('base64')]);

    // Restarted with the directory back: it finishes by itself.
    await holder.dispose();
    const events: RevokeStatus[] = [];
    holder = openApp('holder', holderDir);
    const finished = new Promise<RevokeStatus>((resolve) => {
      holder.bus.subscribe((name, payload) => {
        if (name !== 'devices.revokeChanged') return;
        events.push(payload as RevokeStatus);
        if ((payload as RevokeStatus).phase === 'done') resolve(payload as RevokeStatus);
      });
    });
    const done = await finished;
    expect(events.map((e) => e.phase)).toEqual(['published', 'done']);
    expect(done).toMatchObject({ newFingerprint: stuck.newFingerprint, error: null });
    const [renewed] = await ok(request(holder, 'identities.list', {}));
    expect(renewed?.fingerprint).toBe(stuck.newFingerprint);
    const newPem = (await holderKeys.get(identity.id)).current.pem;

    // DNS: only the new certificate, secure, for our resolver and for delv.
    expect(await dnsView(devnet.profile, NUMBER)).toMatchObject({
      certStatus: 'secure',
      certs: [Buffer.from(hex(newPem), 'hex').toString('base64')],
    });
    const smimea = await delv(
      devnet.profile.dns,
      devnet.profile.dns.delvAnchorFile,
      `_smimecert.${OWNER}`,
      'SMIMEA',
    );
    expect(smimea.status, smimea.output).toBe('secure');
    const published = smimea.answers.join('').replace(/\s/g, '').toLowerCase();
    expect(published).toContain(hex(newPem).slice(0, 200));
    expect(published).not.toContain(hex(oldPem).slice(0, 200));

    // The removed device still has the old key: the directory refuses what it signs ...
    const lostKeys = new IdentityService(openKeyStore(keychain('lost')));
    const lostCredential = await lostKeys.current(NUMBER, 'api-signatures');
    expect(lostCredential.certificate.node.toString()).toBe(new X509Certificate(oldPem).toString());
    const api = directoryClient(devnet.profile.directoryUrl ?? '', caPem);
    const target = `sip:${NUMBER}@${devnet.profile.providers[1]?.domain ?? ''}`;
    const signedOld = { key: lostCredential.key, certDer: lostCredential.certificate.der };
    const refused = await api.post('/v1/records', { number: NUMBER, target }, signedOld);
    expect(refused.status, refused.text).toBe(401);
    expect(errorCode(refused)).toBe('signature-key-mismatch');
    const takeOver = await api.post(
      '/v1/accounts/revoke',
      { number: NUMBER, replacement: oldPem },
      signedOld,
    );
    expect(takeOver.status, takeOver.text).toBe(401);
    // ... and a call it signs does not verify against the certificate DNS now publishes.
    const dnsCert = new X509Certificate(newPem);
    const lostCalls = new CallIdentity(
      new SigningKeyCache(lostKeys),
      devnet.profile.directory.suffix,
    );
    const forged = await lostCalls.sign(NUMBER, 'tel:+15550199', SDP);
    await expect(
      lostCalls.verify(forged, dnsCert.publicKey, { from: `tel:${NUMBER}`, sdp: SDP }),
    ).rejects.toMatchObject({ code: 'crypto-signature-invalid' });
    const holderCalls = new CallIdentity(
      new SigningKeyCache(holderKeys),
      devnet.profile.directory.suffix,
    );
    const good = await holderCalls.sign(NUMBER, 'tel:+15550199', SDP);
    await expect(
      holderCalls.verify(good, dnsCert.publicKey, { from: `tel:${NUMBER}`, sdp: SDP }),
    ).resolves.toMatchObject({ orig: { tn: NUMBER.slice(1) } });
    // The holder's new key is the number's key now.
    const current = await holderKeys.current(NUMBER, 'api-signatures');
    const accepted = await api.post(
      '/v1/records',
      { number: NUMBER, target },
      { key: current.key, certDer: current.certificate.der },
    );
    expect(accepted.status, accepted.text).toBe(200);

    // The list: the removed device is gone; the one that stays must be linked again.
    expect(
      (await ok(request(holder, 'devices.list', {}))).map((d) => [d.name, d.needsRelink]),
    ).toEqual([['Kitchen PC', true]]);

    // The staying device finds out by itself that its key is no longer the published one.
    const [stayingCheck] = await ok(request(staying, 'devices.keyCheck', {}));
    expect(stayingCheck).toMatchObject({ number: NUMBER, state: 'replaced' });
    expect(await ok(request(holder, 'devices.keyCheck', {}))).toMatchObject([{ state: 'current' }]);

    // Linking it again gives it the new key: same identity (its id, so its account and history
    // carry on), new current certificate, the old one revoked; the holder's entry is renewed.
    const stayingKeys = new IdentityService(openKeyStore(keychain('staying')));
    const [stayingBefore] = await stayingKeys.list();
    await link(holder, staying, identity.id, 'Kitchen PC');
    const stayingAfter = await stayingKeys.list();
    expect(stayingAfter.map((i) => [i.id, i.current.fingerprint])).toEqual([
      [stayingBefore?.id, stuck.newFingerprint],
    ]);
    expect((await stayingKeys.records(NUMBER, devnet.profile.directory.suffix)).length).toBe(1);
    const stayingCalls = new CallIdentity(
      new SigningKeyCache(stayingKeys),
      devnet.profile.directory.suffix,
    );
    const fromStaying = await stayingCalls.sign(NUMBER, 'tel:+15550199', SDP);
    await expect(
      stayingCalls.verify(fromStaying, dnsCert.publicKey, { from: `tel:${NUMBER}`, sdp: SDP }),
    ).resolves.toMatchObject({ orig: { tn: NUMBER.slice(1) } });
    expect(
      (await ok(request(holder, 'devices.list', {}))).map((d) => [d.name, d.needsRelink]),
    ).toEqual([['Kitchen PC', undefined]]);
    expect(await ok(request(staying, 'devices.keyCheck', {}))).toMatchObject([
      { state: 'current' },
    ]);
  }, 240_000);
});

/** Sends, checks status and error code, and that neither the DB nor the DNS changed. */
async function refused(
  number: string,
  send: () => Promise<ApiReply>,
  status: number,
  code: string,
): Promise<void> {
  const everything = async () => ({
    db: dbSnapshot(devnet.profile),
    dns: await dnsView(devnet.profile, number),
  });
  const before = await everything();
  const reply = await send();
  expect(reply.status, reply.text).toBe(status);
  expect(errorCode(reply), reply.text).toBe(code);
  expect(await everything()).toEqual(before);
}

describe('the directory’s key rollover (POST /v1/accounts/revoke with a replacement)', () => {
  it('refuses a wrong number, the same key, no self-signature, a key not yet current; then the old key is out', async () => {
    const api = directoryClient(devnet.profile.directoryUrl ?? '', caPem);
    const idDir = join(devnet.stateDir, 'test-identities');
    const gail = await makeIdentity(idDir, 'gail', '+15550152');
    const gailNew = await makeIdentity(idDir, 'gail-new', '+15550152');
    const erin = await makeIdentity(idDir, 'erin', '+15550153');
    await register(api, gail, 'sip:+15550152@a.provider.test');
    const n = gail.number;
    const swap = (replacement: string) => ({ number: n, replacement });
    const post = (body: unknown, signer?: TestIdentity) => () =>
      api.post('/v1/accounts/revoke', body, signer);
    await refused(n, post(swap(gailNew.certPem)), 401, 'signature-missing');
    await refused(n, post(swap(gailNew.certPem), gailNew), 401, 'signature-key-mismatch');
    await refused(n, post(swap(erin.certPem), gail), 400, 'certificate-number-mismatch');
    await refused(n, post(swap('not a cert'), gail), 400, 'invalid-certificate');
    // The same key in a new certificate is no rollover.
    const sameKey = await createIdentityCertificate({
      privateKey: gail.key,
      tel: n,
      notBefore: new Date(Date.now() - 60_000),
      validityDays: 30,
    });
    await refused(n, post(swap(sameKey), gail), 400, 'invalid-request');
    // A certificate its own key did not sign (a signature byte changed): no proof of possession.
    const forged = Buffer.from(gailNew.certDer);
    forged[forged.length - 3] = (forged[forged.length - 3] ?? 0) ^ 0x01;
    await refused(n, post(swap(forged.toString('base64')), gail), 400, 'invalid-certificate');

    // The rollover: one certificate in DNS, the new one; confirming with the new key changes nothing.
    const swapped = await post(swap(gailNew.certPem), gail)();
    expect(swapped.status, swapped.text).toBe(200);
    expect(swapped.json).toMatchObject({ status: 'active', keyId: keyIdOf(gailNew.certDer) });
    const after = await dnsView(devnet.profile, n);
    expect(after).toMatchObject({ certStatus: 'secure', certs: [gailNew.certBase64] });
    expect(after.uris).toEqual(['sip:+15550152@a.provider.test']);
    const confirmed = await post(swap(gailNew.certPem), gailNew)();
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(await dnsView(devnet.profile, n)).toEqual(after);
    // The old key can do nothing any more, not even swap itself back or close the account.
    const move = { number: n, target: 'sip:+15550152@b.provider.test' };
    await refused(n, () => api.post('/v1/records', move, gail), 401, 'signature-key-mismatch');
    await refused(n, post(swap(gail.certPem), gail), 401, 'signature-key-mismatch');
    await refused(n, post({ number: n }, gail), 401, 'signature-key-mismatch');
  }, 120_000);
});
