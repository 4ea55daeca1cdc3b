/**
 * Sign-up through the app's own services (main/onboarding, main/directory, main/provider) on a
 * real devnet (Knot-signed directory zone, the directory and provider HTTPS APIs, Kamailio),
 * with keys in a private gnome-keyring. The SMS code is read from the directory's sink, as the
 * simulated phone page shows it. Afterwards our validating resolver finds the number's NAPTR and
 * SMIMEA (secure), the provider knows the account, and JsSIP registers through main's sip.*
 * handlers with the credentials account.set stored. Failure paths: a wrong code (tries left,
 * then locked), a dead directory (clear error, state kept, retry works), a provider list signed
 * by another key (refused), a number that isn't E.164. Never skips.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type YakkerApp } from '../../main/app/bootstrap';
import { silentLogger } from '../../main/core/logger';
import { openKeyStore } from '../../main/keystore/open-key-store';
import { PROFILE_ENV } from '../../main/network/network-profile';
import { lookupCertificates } from '../../main/resolver/cert/cert-lookup';
import { createResolver } from '../../main/resolver/create-resolver';
import { lookupEnum } from '../../main/resolver/enum/enum-lookup';
import type { OnboardingStatus } from '../../shared/contract/areas/onboarding';
import { appPort, request, startHandlerUa } from '../support/handler-sip-socket';
import { startTestDevnet, type TestDevnet } from '../support/devnet-cli';
import { removeHome, startPrivateSession, type PrivateSession } from '../support/private-keyring';
import { httpsCall } from '../support/provider-api-client';

let devnet: TestDevnet;
let session: PrivateSession;
let caPem: string;
let busBefore: string | undefined;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  session = await startPrivateSession('unlocked');
  // The keychain library reaches the bus through this process's environment.
  busBefore = process.env['DBUS_SESSION_BUS_ADDRESS'];
  process.env['DBUS_SESSION_BUS_ADDRESS'] = session.env['DBUS_SESSION_BUS_ADDRESS'];
  devnet = await startTestDevnet('yakker-onboarding-');
  caPem = readFileSync(devnet.profile.caCertFile, 'utf8');
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await devnet?.down();
  await session?.stop();
  if (busBefore === undefined) Reflect.deleteProperty(process.env, 'DBUS_SESSION_BUS_ADDRESS');
  else process.env['DBUS_SESSION_BUS_ADDRESS'] = busBefore;
  if (session) removeHome(session);
});

interface TestApp {
  app: YakkerApp;
  dataDir: string;
}

/** An app on `profileFile` (default: the devnet's), keys in the private keyring under `user`. */
function openApp(user: string, options: { dataDir?: string; profileFile?: string } = {}): TestApp {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `yakker-onboard-${user}-`));
  process.env[PROFILE_ENV] = options.profileFile ?? devnet.profileFile;
  const app = createApp({
    host: 'test',
    version: '0.0.0-test',
    dataDir,
    logger: silentLogger,
    keyStore: openKeyStore({ ...session.env, YAKKER_KEYCHAIN_SERVICE: `yakker-onboard-${user}` }),
  });
  Reflect.deleteProperty(process.env, PROFILE_ENV);
  cleanups.push(() => app.dispose());
  if (options.dataDir === undefined)
    cleanups.push(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });
  return { app, dataDir };
}

/** A copy of devnet.json with some fields changed. */
function profileWith(name: string, change: (p: Record<string, unknown>) => void): string {
  const data = JSON.parse(readFileSync(devnet.profileFile, 'utf8')) as Record<string, unknown>;
  change(data);
  const file = join(devnet.stateDir, `${name}.json`);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

/** The latest code the directory texted to `number` (its SMS sink). */
async function smsCode(number: string): Promise<string> {
  const url = `${devnet.profile.directoryUrl ?? ''}/v1/sms?number=${encodeURIComponent(number)}`;
  const reply = await httpsCall(caPem, url, 'GET', {});
  const messages = (reply.json as unknown as { messages: { text: string }[] }).messages;
  const code = /\b(\d{6})\b/.exec(messages.at(-1)?.text ?? '')?.[1];
  if (code === undefined) throw new Error(`no code texted to ${number}: ${reply.text}`);
  return code;
}

async function ok<T>(
  result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>,
): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function freePortThatRefuses(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function wrongCode(right: string): string {
  return String((Number(right) + 1) % 1_000_000).padStart(6, '0');
}

describe('sign-up on a real devnet', () => {
  it('number → code → published, provider account, SIP account that registers', async () => {
    const { app } = openApp('dana');
    const number = '+15550123';
    const events: OnboardingStatus[] = [];
    app.bus.subscribe((name, payload) => {
      if (name === 'onboarding.changed') events.push(payload as OnboardingStatus);
    });

    const started = await ok(request(app, 'onboarding.start', { number: '+1 555-0123' }));
    expect(started).toMatchObject({ phase: 'code-sent', number, triesLeft: 5, error: null });
    expect(started.provider?.domain).toBe(devnet.profile.providers[0]?.domain);
    expect(started.simulatedPhoneUrl).toBe(
      `${devnet.profile.directoryUrl ?? ''}/sms?number=%2B15550123`,
    );
    const identities = await ok(request(app, 'identities.list', {}));
    expect(identities.map((i) => i.tel)).toEqual([number]);

    const done = await ok(request(app, 'onboarding.verify', { code: await smsCode(number) }));
    expect(done).toMatchObject({ phase: 'done', number, error: null });
    expect(events.map((e) => e.phase)).toEqual(['code-sent', 'verified', 'done']);

    // The directory published both records, and our validating resolver finds them secure.
    const resolver = createResolver({
      servers: [{ host: devnet.profile.dns.host, port: devnet.profile.dns.port }],
      trustAnchorFiles: [devnet.profile.dns.trustAnchorFile],
      cache: false,
    });
    const suffix = devnet.profile.directory.suffix;
    const found = await lookupEnum(resolver, number, { suffix });
    expect(found.status, found.reason).toBe('secure');
    const domain = devnet.profile.providers[0]?.domain ?? '';
    expect(found.uris.map((u) => u.uri)).toEqual([`sip:${number}@${domain}`]);
    const certs = await lookupCertificates(resolver, `tel:${number}`, { suffix });
    expect(certs.status, certs.reason).toBe('secure');
    const published = certs.certificates.map((c) =>
      createHash('sha256').update(Buffer.from(c.der)).digest('hex'),
    );
    expect(published).toEqual([identities[0]?.fingerprint]);

    // account.set stored the provider's credentials; JsSIP registers with them.
    const account = await ok(request(app, 'account.get', {}));
    expect(account).toMatchObject({
      configured: true,
      number,
      domain,
      identityId: identities[0]?.id,
    });
    const sip = await ok(request(app, 'account.sipConfig', {}));
    const ua = startHandlerUa({
      port: appPort(app),
      aor: sip.aor,
      username: sip.username,
      password: sip.password,
    });
    cleanups.push(() => {
      ua.stop();
    });
    expect(await ua.nextRegistration()).toBe(200);

    // The provider account is there: balance (signed with the number's key) and a top-up page.
    const balance = await ok(request(app, 'provider.balance', {}));
    expect(balance).toMatchObject({ number, provider: { domain } });
    expect(balance.balanceMicros).toBe(0);
    expect(balance.rates.length).toBeGreaterThan(0);
    const topUp = await ok(request(app, 'provider.topUp', {}));
    expect(new URL(topUp.url).origin).toBe(
      new URL(devnet.profile.providers[0]?.apiUrl ?? '').origin,
    );
    const page = await httpsCall(caPem, topUp.url, 'GET', {});
    expect(page.status).toBe(200);
    const amount = /name="amount" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const paid = await httpsCall(
      caPem,
      topUp.url,
      'POST',
      { 'content-type': 'application/x-www-form-urlencoded' },
      `amount=${encodeURIComponent(amount)}`,
    );
    expect(paid.status, paid.text).toBe(200);
    const after = await ok(request(app, 'provider.balance', {}));
    expect(after.balance).toBe(amount);
    expect(after.balanceMicros).toBeGreaterThan(0);

    // Restarting the app keeps the finished state.
    expect((await ok(request(app, 'onboarding.status', {}))).phase).toBe('done');
  });

  it('a wrong code keeps the state and says how many tries are left; the fifth locks', async () => {
    const { app } = openApp('erin');
    const number = '+15550124';
    await ok(request(app, 'onboarding.start', { number }));
    const right = await smsCode(number);
    const first = await ok(request(app, 'onboarding.verify', { code: wrongCode(right) }));
    expect(first).toMatchObject({ phase: 'code-sent', number, triesLeft: 4 });
    expect(first.error?.message).toBe("That code isn't right. 4 tries left.");
    // Not 6 digits: refused before anything is sent, nothing used up.
    const short = await request(app, 'onboarding.verify', { code: '12345' });
    expect(short.ok).toBe(false);
    expect((await ok(request(app, 'onboarding.status', {}))).triesLeft).toBe(4);
    for (const left of [3, 2, 1]) {
      const s = await ok(request(app, 'onboarding.verify', { code: wrongCode(right) }));
      expect(s.triesLeft).toBe(left);
    }
    const locked = await ok(request(app, 'onboarding.verify', { code: wrongCode(right) }));
    expect(locked).toMatchObject({ phase: 'locked', triesLeft: 0 });
    expect(locked.error?.message).toMatch(/locked for 15 minutes/);
    expect(Date.parse(locked.lockedUntil ?? '')).toBeGreaterThan(Date.now());
    // Even the right code does nothing now, and asking for a new one says why not.
    const after = await request(app, 'onboarding.verify', { code: right });
    expect(after.ok).toBe(false);
    const again = await request(app, 'onboarding.start', { number });
    expect(again.ok ? null : again.error.message).toMatch(/locked/);
    expect((await ok(request(app, 'account.get', {}))).configured).toBe(false);
  });

  it('a dead directory: a clear error, the state kept, and the retry works', async () => {
    const port = await freePortThatRefuses();
    const dead = profileWith('dead-directory', (p) => {
      p['directoryUrl'] = `https://127.0.0.1:${String(port)}`;
    });
    const number = '+15550125';
    const good = openApp('fay');
    await ok(request(good.app, 'onboarding.start', { number }));
    await good.app.dispose();

    // The same data folder and keychain, but the directory cannot be reached.
    const down = openApp('fay', { dataDir: good.dataDir, profileFile: dead });
    const code = await smsCode(number);
    const failed = await request(down.app, 'onboarding.verify', { code });
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error.code).toBe('unavailable');
      expect(failed.error.message).toMatch(/can't reach the Yakker directory/);
    }
    const kept = await ok(request(down.app, 'onboarding.status', {}));
    expect(kept).toMatchObject({ phase: 'code-sent', number, triesLeft: 5 });
    expect(kept.error?.code).toBe('unavailable');
    const startDead = await request(down.app, 'onboarding.start', { number: '+15550126' });
    expect(startDead.ok ? null : startDead.error.code).toBe('unavailable');
    await down.app.dispose();

    // Back on the working directory: the same code finishes the sign-up with the same key.
    const again = openApp('fay', { dataDir: good.dataDir });
    const status = await ok(request(again.app, 'onboarding.status', {}));
    expect(status.number).toBe(number);
    const done = await ok(request(again.app, 'onboarding.verify', { code }));
    expect(done).toMatchObject({ phase: 'done', error: null });
    const ids = await ok(request(again.app, 'identities.list', {}));
    expect(ids.filter((i) => i.tel === number)).toHaveLength(1);
  });

  it("a provider list signed by another key is refused: can't verify the list of providers", async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const otherKey = await exportJWK(publicKey);
    const forged = profileWith('other-authority', (p) => {
      p['authority'] = { publicJwk: otherKey, keyId: 'other' };
    });
    const { app } = openApp('gus', { profileFile: forged });
    const r = await request(app, 'onboarding.start', { number: '+15550127' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('crypto-signature-invalid');
      expect(r.error.message).toMatch(/^can't verify the list of providers/);
    }
    // Nothing was sent to the directory: no code for the number.
    const url = `${devnet.profile.directoryUrl ?? ''}/v1/sms?number=%2B15550127`;
    const sms = await httpsCall(caPem, url, 'GET', {});
    expect((sms.json as unknown as { messages: unknown[] }).messages).toEqual([]);
  });

  it("a number that isn't E.164 is refused in plain words, nothing sent", async () => {
    const { app } = openApp('hal');
    for (const typed of ['12', '+0123456789', 'call me', '+1555012345678901']) {
      const r = await request(app, 'onboarding.start', { number: typed });
      expect(r.ok, typed).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('bad-input');
        expect(r.error.message).toMatch(/with \+ and your country code/);
      }
    }
    expect((await ok(request(app, 'onboarding.status', {}))).phase).toBe('idle');
    expect(await ok(request(app, 'identities.list', {}))).toEqual([]);
  });
});
