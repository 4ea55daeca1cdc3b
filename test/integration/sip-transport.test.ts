/**
 * Main's SIP transports (main/sip/) against a real devnet (signed DNS on NSD, two Kamailio
 * providers) in a temporary state folder: JsSIP in Node registers through the sip.* handlers
 * (the same bytes the renderer sends) over TLS and WSS, located by RFC 3263 through our
 * validating resolver; the server certificate is checked by TLSA (DANE) or by the devnet CA,
 * and refused when it matches neither; Kamailio killed and restarted → JsSIP reconnects and
 * registers again. Needs the Debian packages in .ci/apt-packages.txt; never skips.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevnetCa, type SeededAccount } from '../../devnet/src/index';
import { EventBus } from '../../main/core/event-bus';
import { silentLogger } from '../../main/core/logger';
import { NetworkService } from '../../main/network/network-service';
import { PROFILE_ENV, readNetworkProfile } from '../../main/network/network-profile';
import { locateSip } from '../../main/resolver/locate/locate-sip';
import { SipTransportService } from '../../main/sip/sip-transport-service';
import { YakkerError } from '../../shared/contract/result';
import { appPort, request, startHandlerUa, type HandlerUa } from '../support/handler-sip-socket';
import { createTestApp } from '../support/test-app';
import { startTestDevnet, type TestDevnet } from '../support/devnet-cli';
import { startKamailioAgain } from '../support/kamailio-again';

let devnet: TestDevnet;
let alice: SeededAccount;
let profileFile: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  devnet = await startTestDevnet('yakker-sip-', { restart: false });
  alice = devnet.account('alice');
  profileFile = devnet.profileFile;
  otherCa = (await ensureDevnetCa(join(devnet.stateDir, 'other-ca'))).certPem;
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await devnet?.down();
});

/** A test app on the devnet, with alice's account set up. */
async function aliceApp(): Promise<ReturnType<typeof createTestApp>> {
  process.env[PROFILE_ENV] = profileFile;
  const t = createTestApp();
  Reflect.deleteProperty(process.env, PROFILE_ENV);
  cleanups.push(t.cleanup);
  const set = await request(t.app, 'account.set', {
    aor: alice.sipUri,
    username: alice.sipUser,
    password: alice.password,
  });
  expect(set.ok).toBe(true);
  return t;
}

function ua(t: ReturnType<typeof createTestApp>, connectAor?: string): HandlerUa {
  const u = startHandlerUa({
    port: appPort(t.app),
    aor: alice.sipUri,
    ...(connectAor === undefined ? {} : { connectAor }),
    username: alice.sipUser,
    password: alice.password,
  });
  cleanups.push(() => {
    u.stop();
  });
  return u;
}

/** A transport service on the devnet resolver with a chosen CA and location. */
function transports(options: { caPem: string | null; stripTlsa?: boolean; tamperTlsa?: boolean }): {
  service: SipTransportService;
  bus: EventBus;
} {
  const network = new NetworkService({ load: () => readNetworkProfile(profileFile, 'env') });
  const bus = new EventBus();
  const service = new SipTransportService({
    bus,
    logger: silentLogger,
    resolver: () => network.resolver(),
    caPem: () => options.caPem,
    defaultAor: () => Promise.resolve(alice.sipUri),
    locate: async (resolver, uri) => {
      const result = await locateSip(resolver, uri);
      for (const t of result.targets) {
        if (options.stripTlsa) t.tlsa = null;
        if (options.tamperTlsa && t.tlsa)
          t.tlsa.records = t.tlsa.records.map((r) => ({ ...r, data: 'ab'.repeat(32) }));
      }
      return result;
    },
  });
  cleanups.push(() => {
    service.dispose();
  });
  return { service, bus };
}

const devnetCa = (): string => readFileSync(devnet.profile.caCertFile, 'utf8');
/** A CA that signed nothing the devnet serves. */
let otherCa = '';

describe('SIP transports on devnet', () => {
  it('account.set keeps the password in the keychain only; network.get names the devnet', async () => {
    const t = await aliceApp();
    const account = await request(t.app, 'account.get', {});
    expect(account).toEqual({
      ok: true,
      value: {
        configured: true,
        aor: alice.sipUri,
        number: alice.e164,
        domain: alice.domain,
        identityId: null,
      },
    });
    expect(readFileSync(join(t.dataDir, 'account.json'), 'utf8')).not.toContain(alice.password);
    expect([...t.keyStore.items.values()]).toContain(alice.password);
    const network = await request(t.app, 'network.get', {});
    expect(network).toMatchObject({
      ok: true,
      value: {
        name: 'devnet',
        source: 'env',
        dnsServer: devnet.profile.dns.server,
        directorySuffix: 'e164.yakker.test.',
      },
    });
  });

  it('JsSIP registers through main over TLS (located by RFC 3263, checked by TLSA)', async () => {
    const t = await aliceApp();
    const u = ua(t, `${alice.sipUri};transport=tls`);
    expect(await u.nextRegistration()).toBe(200);
    expect(u.socket.via_transport).toBe('TLS');
    const provider = devnet.profile.providers.find((p) => p.domain === alice.domain);
    expect(u.socket.url).toBe(`sips:${alice.domain}:${provider?.ports.tls};transport=tls`);
  });

  it('JsSIP registers through main over WSS', async () => {
    const t = await aliceApp();
    const u = ua(t, `${alice.sipUri};transport=wss`);
    expect(await u.nextRegistration()).toBe(200);
    expect(u.socket.via_transport).toBe('WSS');
    expect(u.socket.url).toMatch(/^wss:\/\/a\.provider\.test:\d+$/);
  });

  it('accepts the server by TLSA alone (a CA that signed nothing) and by the devnet CA alone', async () => {
    for (const transport of ['tls', 'wss']) {
      const dane = transports({ caPem: otherCa });
      const byDane = await dane.service.connect(`${alice.sipUri};transport=${transport}`);
      expect(byDane.viaTransport).toBe(transport.toUpperCase());
      const ca = transports({ caPem: devnetCa(), stripTlsa: true });
      const byCa = await ca.service.connect(`${alice.sipUri};transport=${transport}`);
      expect(byCa.viaTransport).toBe(transport.toUpperCase());
    }
  });

  it('refuses a certificate that matches neither (tls-verify-failed), also when the CA would pass', async () => {
    const cases = [
      { caPem: otherCa, stripTlsa: true }, // no TLSA, wrong CA
      { caPem: null, stripTlsa: true }, // no TLSA, system roots
      { caPem: devnetCa(), tamperTlsa: true }, // secure TLSA that does not match: no CA fallback
    ];
    for (const c of cases) {
      for (const transport of ['tls', 'wss']) {
        const { service } = transports(c);
        const error = await service
          .connect(`${alice.sipUri};transport=${transport}`)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(YakkerError);
        expect((error as YakkerError).code).toBe('tls-verify-failed');
        expect((error as YakkerError).message).toContain('not who it claims to be');
        expect(service.size).toBe(0);
      }
    }
  });

  it('sip.send to a closed or unknown connection is not-found; sip.connect without an account is not-configured', async () => {
    process.env[PROFILE_ENV] = profileFile;
    const t = createTestApp();
    Reflect.deleteProperty(process.env, PROFILE_ENV);
    cleanups.push(t.cleanup);
    const send = await request(t.app, 'sip.send', { connectionId: 'nope', data: 'OPTIONS' });
    expect(send).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const connect = await request(t.app, 'sip.connect', {});
    expect(connect).toMatchObject({ ok: false, error: { code: 'not-configured' } });
  });

  it('Kamailio killed and restarted: sip.closed, JsSIP reconnects through sip.connect and registers again', async () => {
    const t = await aliceApp();
    const u = ua(t, `${alice.sipUri};transport=tls`);
    expect(await u.nextRegistration()).toBe(200);
    const provider = devnet.profile.providers.find((p) => p.domain === alice.domain);
    if (provider === undefined) throw new Error('no provider for alice');
    process.kill(provider.pid, 'SIGTERM');
    for (let i = 0; i < 100 && u.socket.closes.length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(u.socket.closes[0]).toMatchObject({ error: true });
    expect(u.socket.closes[0]?.reason).toMatch(/closed|failed/);
    // While it is down, JsSIP's reconnect attempts fail with a reason.
    for (let i = 0; i < 100 && u.socket.lastError === null; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(u.socket.lastError?.code).toBe('sip-connect-failed');

    const again = u.nextRegistration();
    const restarted = await startKamailioAgain(provider);
    cleanups.push(() => restarted?.stop());
    expect(restarted).toBeDefined();
    expect(await again).toBe(200);
    expect(u.socket.isConnected()).toBe(true);
  });
});
