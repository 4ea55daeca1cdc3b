/**
 * The identity layer on the wire (main/sip/identity-layer.ts) on a real devnet, with the real
 * certificates `yakker devnet seed` publishes as SMIMEA in the signed directory zone: alice's
 * INVITE leaves her app with an Identity header (PASSporT, mky) and bob's app verifies it;
 * bob's 180 with SDP is signed by his app and verified by alice's. Messages tampered after
 * signing (a=fingerprint, the Identity header, a stale token, no Identity at all) are answered
 * 438 by bob's main and never reach his JsSIP; a caller with no published certificate is
 * "not verified". Needs the Debian packages in .ci/apt-packages.txt; never skips.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount } from '../../devnet/src/index';
import { openProviderDb } from '../../devnet/src/provider-db';
import type { YakkerApp } from '../../main/app/bootstrap';
import { EventBus } from '../../main/core/event-bus';
import { silentLogger } from '../../main/core/logger';
import { CallIdentity } from '../../main/keystore/call-identity';
import { SigningKeyCache } from '../../main/keystore/signing-key-cache';
import { IdentityService } from '../../main/keystore/identity-service';
import { NetworkService } from '../../main/network/network-service';
import { PROFILE_ENV, readNetworkProfile } from '../../main/network/network-profile';
import { lookupCertificates } from '../../main/resolver/cert/cert-lookup';
import { IdentityLayer } from '../../main/sip/identity-layer';
import { header, parseSipMessage } from '../../main/sip/sip-message';
import { SipTransportService } from '../../main/sip/sip-transport-service';
import { VerdictStore } from '../../main/sip/verdict-store';
import type { CallVerdict } from '../../shared/contract/areas/calls';
import { startTestDevnet, type TestDevnet } from '../support/devnet-cli';
import { FakeKeyStore } from '../support/fake-key-store';
import {
  appPort,
  request,
  servicePort,
  startHandlerUa,
  type HandlerUa,
  type SipPort,
} from '../support/handler-sip-socket';
import { answer, fingerprint, sdpWith, sendInvite } from '../support/sip-invite';
import { createTestApp } from '../support/test-app';

let devnet: TestDevnet;
let alice: SeededAccount;
let bob: SeededAccount;
const cleanups: (() => Promise<void> | void)[] = [];

interface Party {
  app: YakkerApp;
  keyStore: FakeKeyStore;
  ua: HandlerUa;
  verdicts: CallVerdict[];
  /** INVITEs main handed to JsSIP (the test answers them itself). */
  invites: string[];
}

async function importKey(keyStore: FakeKeyStore, account: SeededAccount): Promise<void> {
  if (account.key === null) throw new Error('seed made no demo key');
  await new IdentityService(keyStore).importFile({
    file: Buffer.concat([readFileSync(account.key), readFileSync(account.certificate)]),
    password: null,
  });
}

async function party(account: SeededAccount, options: { key: boolean }): Promise<Party> {
  process.env[PROFILE_ENV] = devnet.profileFile;
  const t = createTestApp();
  Reflect.deleteProperty(process.env, PROFILE_ENV);
  cleanups.push(t.cleanup);
  if (options.key) await importKey(t.keyStore, account);
  const set = await request(t.app, 'account.set', {
    aor: account.sipUri,
    username: account.sipUser,
    password: account.password,
  });
  expect(set.ok).toBe(true);
  if (options.key) expect(set.ok && set.value.identityId).toBeTruthy();
  const verdicts: CallVerdict[] = [];
  t.app.bus.subscribe((name, payload) => {
    if (name === 'calls.verdict') verdicts.push(payload as CallVerdict);
  });
  const u = register(appPort(t.app), account);
  const invites: string[] = [];
  u.socket.intercept = (m) => {
    if (!m.startsWith('INVITE ')) return false;
    invites.push(m);
    return true;
  };
  expect(await u.nextRegistration()).toBe(200);
  return { app: t.app, keyStore: t.keyStore, ua: u, verdicts, invites };
}

function register(port: SipPort, account: SeededAccount): HandlerUa {
  const u = startHandlerUa({
    port,
    aor: account.sipUri,
    connectAor: `${account.sipUri};transport=tls`,
    username: account.sipUser,
    password: account.password,
  });
  cleanups.push(() => {
    u.stop();
  });
  return u;
}

/**
 * Alice's credentials on a path of the test's own: her real identity layer signs (optionally
 * with a clock off by `skewS`), then `tamper` changes the message before it reaches the wire.
 */
async function tamperingAlice(
  tamper: (signed: string) => string,
  options: { sign?: boolean; skewS?: number } = {},
): Promise<HandlerUa> {
  const network = new NetworkService({
    load: () => readNetworkProfile(devnet.profileFile, 'env'),
  });
  const keyStore = new FakeKeyStore();
  await importKey(keyStore, alice);
  const identities = new IdentityService(keyStore);
  const [summary] = await identities.list();
  const suffix = devnet.profile.directory.suffix;
  const clock = { now: () => new Date(Date.now() + (options.skewS ?? 0) * 1000) };
  const callIdentity = new CallIdentity(new SigningKeyCache(identities), suffix, clock);
  const layer = new IdentityLayer({
    own: () =>
      Promise.resolve({
        aor: alice.sipUri,
        identity: `tel:${alice.e164}`,
        identityId: summary?.id ?? null,
      }),
    sign: (id, dest, sdp) => callIdentity.sign(id, dest, sdp),
    lookup: (identity) => lookupCertificates(network.resolver(), identity, { suffix }),
    verify: (h, key, expected) => callIdentity.verify(h, key, expected),
    verdicts: new VerdictStore(() => undefined),
    logger: silentLogger,
  });
  const bus = new EventBus();
  const service = new SipTransportService({
    bus,
    logger: silentLogger,
    resolver: () => network.resolver(),
    caPem: () => network.profile().caPem,
    defaultAor: () => Promise.resolve(alice.sipUri),
    filter: () =>
      Promise.resolve({
        outgoing: async (text: string) =>
          tamper(options.sign === false ? text : await layer.outgoing(text)),
        incoming: (text: string) => Promise.resolve(text),
      }),
  });
  cleanups.push(() => {
    service.dispose();
  });
  const u = register(servicePort(service, bus), alice);
  expect(await u.nextRegistration()).toBe(200);
  return u;
}

async function until<T>(get: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const finalVerdict = (p: Party, callId: string): Promise<CallVerdict> =>
  until(
    () => p.verdicts.find((v) => v.callId === callId && v.state !== 'pending'),
    `a verdict for ${callId}`,
  );

let aliceParty: Party;
let bobParty: Party;

beforeAll(async () => {
  devnet = await startTestDevnet('yakker-sip-id-');
  alice = devnet.account('alice');
  bob = devnet.account('bob');
  aliceParty = await party(alice, { key: true });
  bobParty = await party(bob, { key: true });
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await devnet?.down();
});

const aliceCertSha = (): string =>
  new X509Certificate(readFileSync(alice.certificate)).fingerprint256
    .replace(/:/g, '')
    .toLowerCase();

describe('identity layer on devnet', () => {
  it("alice's INVITE carries a PASSporT that bob's app verifies; bob's signed 180 is verified by alice's app", async () => {
    const offer = sdpWith([fingerprint('A1'), fingerprint('A2')]);
    const call = sendInvite(aliceParty.ua.ua, bob.sipUri, offer);
    const invite = await until(
      () => bobParty.invites.find((i) => i.includes(call.callId)),
      "the INVITE at bob's JsSIP",
    );
    const parsed = parseSipMessage(invite);
    const identity = parsed === null ? null : header(parsed, 'identity');
    expect(identity).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+;info=<dns:.*_smimecert.*>;alg=ES256$/);
    const atBob = await finalVerdict(bobParty, call.callId);
    expect(atBob).toMatchObject({
      state: 'verified',
      peer: alice.e164,
      dnssec: 'secure',
      fingerprint: aliceCertSha(),
    });
    const viaRequest = await request(bobParty.app, 'calls.verdict', { callId: call.callId });
    expect(viaRequest).toEqual({ ok: true, value: atBob });

    // Bob answers 180 with SDP (signed by his main), then 486 to end the attempt.
    const bobSocket = bobParty.ua.socket;
    const send = (text: string) =>
      request(bobParty.app, 'sip.send', { connectionId: bobSocket.connectionId ?? '', data: text });
    expect((await send(answer(invite, 180, 'Ringing', sdpWith([fingerprint('B1')])))).ok).toBe(
      true,
    );
    const atAlice = await finalVerdict(aliceParty, call.callId);
    expect(atAlice).toMatchObject({ state: 'verified', peer: bob.e164, dnssec: 'secure' });
    const ringing = call.responses.find((r) => r.status_code === 180);
    expect(ringing?.getHeader('Identity')).toMatch(/;alg=ES256$/);
    await send(answer(invite, 486, 'Busy Here'));
    expect(await call.final).toBe(486);
  });

  const tamperCases: {
    name: string;
    tamper: (s: string) => string;
    options?: { sign?: boolean; skewS?: number };
    reason: RegExp;
  }[] = [
    {
      name: 'a=fingerprint changed after signing',
      tamper: (s) => s.replace(fingerprint('C1'), fingerprint('EE')),
      reason: /media keys/,
    },
    {
      name: 'Identity signature altered',
      tamper: (s) =>
        s.replace(/^(Identity: [\w-]+\.[\w-]+\.)([\w-])/m, (_m, head: string, c: string) => {
          return `${head}${c === 'A' ? 'B' : 'A'}`;
        }),
      reason: /signature does not match/,
    },
    {
      name: 'a stale token (signed 5 minutes ago)',
      tamper: (s) => s,
      options: { skewS: -300 },
      reason: /60 seconds/,
    },
    {
      name: 'no Identity from a peer that publishes a certificate',
      tamper: (s) => s,
      options: { sign: false },
      reason: /without their signature/,
    },
  ];

  for (const c of tamperCases) {
    it(`${c.name} → failed, 438 from bob's main, nothing reaches his JsSIP`, async () => {
      const mallory = await tamperingAlice(c.tamper, c.options);
      const call = sendInvite(mallory.ua, bob.sipUri, sdpWith([fingerprint('C1')]));
      expect(await call.final).toBe(438);
      const verdict = await finalVerdict(bobParty, call.callId);
      expect(verdict.state).toBe('failed');
      expect(verdict.reason).toMatch(c.reason);
      expect(bobParty.invites.some((i) => i.includes(call.callId))).toBe(false);
      // Only the ACK for the 438 (hop by hop from Kamailio) reaches bob's JsSIP, no INVITE. The
      // ACK may land after the 438 reached the caller: wait for it.
      const atJsSip = () =>
        bobParty.ua.socket.received
          .filter((i) => i.includes(call.callId))
          .map((i) => i.split(' ')[0]);
      await expect.poll(atJsSip).toEqual(['ACK']);
    });
  }

  it('a caller who publishes no certificate → not-verified, and the INVITE reaches JsSIP', async () => {
    const carol = { user: 'carol', password: 'carol-pass-4444' };
    const provider = devnet.profile.providers.find((p) => p.domain === bob.domain);
    if (provider === undefined) throw new Error('no provider b');
    const db = await openProviderDb(provider.stateDir, provider.domain);
    await db.putUser(carol.user, carol.password);
    const carolAccount: SeededAccount = {
      ...bob,
      user: 'carol',
      e164: '',
      sipUri: `sip:carol@${bob.domain}`,
      sipUser: carol.user,
      password: carol.password,
      key: null,
    };
    const carolParty = await party(carolAccount, { key: false });
    const call = sendInvite(carolParty.ua.ua, bob.sipUri, sdpWith([fingerprint('D1')]));
    const invite = await until(
      () => bobParty.invites.find((i) => i.includes(call.callId)),
      "carol's INVITE at bob's JsSIP",
    );
    expect(invite).not.toMatch(/^Identity:/m);
    const verdict = await finalVerdict(bobParty, call.callId);
    expect(verdict).toMatchObject({
      state: 'not-verified',
      peer: `sip:carol@${bob.domain}`,
      dnssec: 'secure',
      fingerprint: null,
    });
    expect(verdict.reason).toMatch(/no Yakker certificate/);
    await request(bobParty.app, 'sip.send', {
      connectionId: bobParty.ua.socket.connectionId ?? '',
      data: answer(invite, 486, 'Busy Here'),
    });
    expect(await call.final).toBe(486);
  });

  it('calls.resolve: numbers and SIP addresses through ENUM and SMIMEA on the devnet', async () => {
    const resolve = async (target: string) => {
      const r = await request(aliceParty.app, 'calls.resolve', { target });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const bobCert = new X509Certificate(readFileSync(bob.certificate)).fingerprint256
      .replace(/:/g, '')
      .toLowerCase();
    for (const typed of [bob.e164, '+1 555-0101', 'tel:+15550101', bob.sipUri]) {
      expect(await resolve(typed)).toEqual({
        kind: 'yakker',
        uri: bob.sipUri,
        number: bob.e164,
        label: 'Yakker, verified',
        verified: true,
        dnssec: 'secure',
        fingerprint: bobCert,
        reason: expect.any(String) as string,
      });
    }
    const nobody = await resolve('+15550199');
    expect(nobody).toMatchObject({ kind: 'no-account', uri: null, number: '+15550199' });
    expect(nobody.reason).toMatch(/later/);
    expect(await resolve(`sip:carol@${bob.domain}`)).toMatchObject({
      kind: 'sip',
      uri: `sip:carol@${bob.domain}`,
      label: 'SIP, not verified',
      verified: false,
    });
    for (const junk of ['hello', '+0123', 'sip:@nowhere'])
      expect(await resolve(junk)).toMatchObject({ kind: 'invalid', uri: null });
    const dial = await request(aliceParty.app, 'calls.dial', { target: bob.e164 });
    expect(dial).toMatchObject({ ok: true, value: { kind: 'yakker', uri: bob.sipUri } });
  });
});
