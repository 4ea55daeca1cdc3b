/**
 * The devnet providers' API, PSTN gateway and media relay (docs/devnet.md), against a real devnet
 * (`yakker devnet up` + `seed` in a temporary state folder): accounts created with key auth
 * checked against the SMIMEA certificate the directory publishes (through main's validating
 * resolver), refused with a wrong key or an unpublished number, with no state change; bad input
 * at the API; the one-time top-up URL; a PSTN call from a baresip UA registered as alice to
 * +15550150, answered by the gateway's baresip with media through rtpengine, charged rate x the
 * call's duration; no balance -> 402; a WebRTC offer rewritten by rtpengine towards the gateway;
 * WebRTC<->WebRTC left end to end and WebRTC->plain bridged; closing the account.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevnetProfile } from '../../devnet/src/index';
import { startBaresipUa } from '../support/baresip-ua';
import {
  accountClient,
  certKeyId,
  demoSigner,
  httpsCall,
  signedCall,
  type ApiReply,
} from '../support/provider-api-client';
import { RawWsSip, webrtcOffer } from '../support/raw-sip-ws';
import { registerOverTls } from '../support/sip-tls-register';
import { rtpLegs, waitForMedia } from '../support/rtpengine-legs';
import { yakker } from '../support/yakker-cli';

const stateDir = mkdtempSync(join(tmpdir(), 'yakker-devnet-provider-'));
const ALICE = '+15550100';
const BOB = '+15550101';
const FINGERPRINT = Array.from({ length: 32 }, (_, i) =>
  (i * 7 + 16).toString(16).toUpperCase(),
).join(':');

let profile: DevnetProfile;
let ca: string;
let apiA: string;
const alice = (): ReturnType<typeof demoSigner> => demoSigner(stateDir, 'alice');
const bob = (): ReturnType<typeof demoSigner> => demoSigner(stateDir, 'bob');
const seededPasswords = (): Record<string, string> =>
  JSON.parse(readFileSync(join(stateDir, 'demo-users', 'sip-passwords.json'), 'utf8')) as Record<
    string,
    string
  >;
const providerA = (): DevnetProfile['providers'][number] => profile.providers[0]!;
const providerB = (): DevnetProfile['providers'][number] => profile.providers[1]!;

let account: ReturnType<typeof accountClient>;
const balanceOf = (): Promise<ApiReply> => account.balance();

beforeAll(async () => {
  const up = await yakker(['--json', 'devnet', 'up', '--state', stateDir]);
  expect(up.status, up.stderr).toBe(0);
  const seed = await yakker(['--json', 'devnet', 'seed', '--state', stateDir]);
  expect(seed.status, seed.stderr).toBe(0);
  profile = JSON.parse(readFileSync(join(stateDir, 'devnet.json'), 'utf8')) as DevnetProfile;
  ca = readFileSync(profile.caCertFile, 'utf8');
  apiA = providerA().apiUrl;
  account = accountClient(ca, apiA, ALICE, alice);
}, 90_000);

afterAll(async () => {
  await yakker(['devnet', 'down', '--state', stateDir]);
  rmSync(stateDir, { recursive: true, force: true });
}, 60_000);

describe('provider API', () => {
  it('publishes rates by destination prefix (longest prefix wins)', async () => {
    expect(apiA).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const reply = await httpsCall(ca, `${apiA}/v1/rates`, 'GET', {});
    expect(reply.status).toBe(200);
    expect(reply.json['rates']).toContainEqual({
      prefix: '+155501',
      perMinuteMicros: 20_000,
      perMinute: '0.020000',
      description: 'devnet PSTN +1 555 01xx',
    });
  });

  it('refuses a key other than the published one, and changes nothing', async () => {
    const wrong = await signedCall(
      ca,
      `${apiA}/v1/accounts`,
      'POST',
      { number: ALICE },
      { signer: bob() },
    );
    expect([wrong.status, wrong.json.error?.code]).toEqual([403, 'key-mismatch']);
    // Bob's key under alice's keyid: the signature itself fails.
    const forged = await signedCall(
      ca,
      `${apiA}/v1/accounts`,
      'POST',
      { number: ALICE },
      { signer: bob(), keyId: certKeyId(alice().certPem) },
    );
    expect([forged.status, forged.json.error?.code]).toEqual([401, 'signature-invalid']);
    // A number with no certificate in the directory.
    const unpublished = await signedCall(
      ca,
      `${apiA}/v1/accounts`,
      'POST',
      { number: '+15550177' },
      { signer: alice() },
    );
    expect([unpublished.status, unpublished.json.error?.code]).toEqual([403, 'not-published']);
    // No account was made, and the seeded SIP credentials are untouched.
    const balance = await balanceOf();
    expect([balance.status, balance.json.error?.code]).toEqual([404, 'not-found']);
    expect(
      await registerOverTls(ca, providerA().ports.tls, ALICE, seededPasswords()['alice']!),
    ).toBe(200);
  });

  it('refuses bad input with clear errors', async () => {
    const url = `${apiA}/v1/accounts`;
    const call = (
      o: Partial<Parameters<typeof signedCall>[4]>,
      json: unknown = { number: ALICE },
    ) => signedCall(ca, url, 'POST', json, { signer: alice(), ...o });
    const codes = async (p: Promise<ApiReply>): Promise<[number, string | undefined]> => {
      const r = await p;
      return [r.status, r.json.error?.code];
    };
    expect(await codes(call({ rawBody: '{"number": "+15550100"' }))).toEqual([400, 'bad-json']);
    expect(await codes(call({ contentType: 'text/plain' }))).toEqual([
      415,
      'unsupported-media-type',
    ]);
    expect(await codes(call({}, { number: ALICE, admin: true }))).toEqual([400, 'bad-request']);
    expect(await codes(call({}, { number: '15550100' }))).toEqual([400, 'not-e164']);
    expect(await codes(call({}, { number: '+1555 0100' }))).toEqual([400, 'not-e164']);
    expect(await codes(call({}, [ALICE]))).toEqual([400, 'bad-request']);
    expect(
      await codes(call({ rawBody: JSON.stringify({ number: ALICE, pad: 'x'.repeat(5000) }) })),
    ).toEqual([413, 'too-large']);
    const unsigned = await httpsCall(
      ca,
      url,
      'POST',
      { 'content-type': 'application/json' },
      '{"number":"+15550100"}',
    );
    expect([unsigned.status, unsigned.json.error?.code]).toEqual([401, 'signature-missing']);
    expect(await codes(call({ contentDigest: 'sha-256=:AAAA:' }))).toEqual([
      401,
      'signature-invalid',
    ]);
    expect(await codes(call({ contentDigest: null }))).toEqual([401, 'signature-invalid']);
    expect(await codes(call({ created: new Date(Date.now() - 120_000) }))).toEqual([401, 'stale']);
    expect(await codes(call({ created: new Date(Date.now() + 120_000) }))).toEqual([401, 'stale']);
    expect(await codes(call({ nonce: 'short' }))).toEqual([401, 'signature-invalid']);
    expect(await codes(httpsCall(ca, `${apiA}/v1/nothing`, 'GET', {}))).toEqual([404, 'not-found']);
    expect(await codes(httpsCall(ca, `${apiA}/v1/accounts/15550100`, 'GET', {}))).toEqual([
      400,
      'not-e164',
    ]);
    // A body signed, then changed on the way: the digest no longer matches.
    const signed = await call({});
    expect(signed.status).toBe(201);
    const tampered = await httpsCall(
      ca,
      url,
      'POST',
      signed.sent.headers,
      '{"number":"+15550101"}',
    );
    expect([tampered.status, tampered.json.error?.code]).toEqual([401, 'signature-invalid']);
    // The very same request again: a replay.
    const replayed = await httpsCall(ca, url, 'POST', signed.sent.headers, signed.sent.body);
    expect([replayed.status, replayed.json.error?.code]).toEqual([401, 'replay']);
  });

  it('creates the account with key auth; the credentials register over TLS', async () => {
    const reply = await signedCall(
      ca,
      `${apiA}/v1/accounts`,
      'POST',
      { number: ALICE },
      { signer: alice() },
    );
    expect(reply.status).toBe(200); // re-issued: the bad-input test's valid request created it
    const sip = reply.json['sip'] as {
      username: string;
      password: string;
      domain: string;
      servers: unknown[];
    };
    expect(sip.username).toBe(ALICE);
    expect(sip.domain).toBe('a.provider.test');
    expect(sip.servers).toEqual([
      { transport: 'tls', host: '127.0.0.1', port: providerA().ports.tls },
      { transport: 'wss', url: `wss://127.0.0.1:${providerA().ports.wss}` },
    ]);
    expect(reply.json['balanceMicros']).toBe(0);
    expect(await registerOverTls(ca, providerA().ports.tls, ALICE, sip.password)).toBe(200);
    // The seeded password was replaced; a wrong one is refused.
    expect(
      await registerOverTls(ca, providerA().ports.tls, ALICE, seededPasswords()['alice']!),
    ).toBe(401);
    aliceSipPassword = sip.password;
  });
});

let aliceSipPassword = '';

describe('PSTN gateway and media', () => {
  it('refuses a PSTN call without balance (402)', async () => {
    const ua = await startBaresipUa({
      dir: join(stateDir, 'caller-0'),
      user: ALICE,
      domain: 'a.provider.test',
      password: aliceSipPassword,
      kamailioTcpPort: providerA().ports.tcp,
    });
    try {
      await ua.registered();
      ua.command('dial', 'sip:+15550150@a.provider.test');
      const closed = await ua.waitFor(['CALL_CLOSED', 'CALL_ESTABLISHED']);
      expect(closed.type).toBe('CALL_CLOSED');
      expect(closed.param).toMatch(/^402 Payment Required/);
    } finally {
      await ua.stop();
    }
    expect((await balanceOf()).json['charges']).toEqual([]);
  }, 40_000);

  it('tops up through a one-time URL that works once', async () => {
    const start = await signedCall(
      ca,
      `${apiA}/v1/accounts/${encodeURIComponent(ALICE)}/top-up`,
      'POST',
      undefined,
      {
        signer: alice(),
      },
    );
    expect(start.status).toBe(201);
    const url = start.json['url'] as string;
    expect(url).toMatch(new RegExp(`^${apiA}/top-up/[A-Za-z0-9_-]{43}$`));
    const page = await httpsCall(ca, url, 'GET', {});
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post"');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const bad = await httpsCall(ca, url, 'POST', form, 'amount=1000000.000000');
    expect(bad.status).toBe(400);
    const used = await httpsCall(ca, url, 'POST', form, 'amount=1.000000');
    expect(used.status).toBe(200);
    expect(used.text).toContain('New balance: USD 1.000000');
    const again = await httpsCall(ca, url, 'POST', form, 'amount=1.000000');
    expect(again.status).toBe(410);
    expect(again.text).toContain('used already');
    expect((await httpsCall(ca, url, 'GET', {})).status).toBe(410);
    expect(
      (await httpsCall(ca, `${apiA}/top-up/${'A'.repeat(43)}`, 'POST', form, 'amount=1.000000'))
        .status,
    ).toBe(410);
    expect((await balanceOf()).json['balanceMicros']).toBe(1_000_000);
  });

  it('a PSTN call reaches the gateway through rtpengine and costs rate x duration', async () => {
    const ua = await startBaresipUa({
      dir: join(stateDir, 'caller-1'),
      user: ALICE,
      domain: 'a.provider.test',
      password: aliceSipPassword,
      kamailioTcpPort: providerA().ports.tcp,
    });
    const ng = profile.media.rtpengine.ngPort;
    let established: number | undefined;
    let closed: number | undefined;
    try {
      await ua.registered();
      ua.command('dial', 'sip:+15550150@a.provider.test');
      const answer = await ua.waitFor(['CALL_ESTABLISHED', 'CALL_CLOSED']);
      established = Date.now();
      expect(answer.type).toBe('CALL_ESTABLISHED');
      // Media flows both ways through rtpengine (its per-leg packet counters grow).
      const legs = await waitForMedia(ng, 20);
      expect(legs.length).toBe(2);
      expect(legs.every((l) => l.packets > 20)).toBe(true);
      const mark = ua.events.length;
      ua.command('hangup');
      await ua.waitFor(['CALL_CLOSED'], 10_000, mark);
      closed = Date.now();
    } finally {
      await ua.stop();
    }
    const after = await account.waitForCharges(1);
    const [charge] = after.charges;
    expect(charge?.destination).toBe('+15550150');
    expect(charge?.perMinuteMicros).toBe(20_000);
    // Kamailio measured the call (200 OK to BYE); we measured it too, around the same events.
    const measured = ((closed ?? 0) - (established ?? 0)) / 1000;
    expect(Math.abs((charge?.seconds ?? 0) - measured)).toBeLessThan(1.5);
    expect(charge?.amountMicros).toBe(Math.ceil((20_000 * (charge?.seconds ?? 0)) / 60 - 1e-9));
    expect(after.json['balanceMicros']).toBe(1_000_000 - (charge?.amountMicros ?? 0));
    expect(charge?.amountMicros).toBeGreaterThan(0);
    const gatewayLog = readFileSync(join(providerA().stateDir, 'pstn', 'baresip.log'), 'utf8');
    expect(gatewayLog).toMatch(/Call established: sip:\+15550100@a\.provider\.test/);
  }, 60_000);

  it('rtpengine rewrites a WebRTC offer to the gateway and answers in WebRTC terms', async () => {
    const ws = await RawWsSip.open(`wss://127.0.0.1:${providerA().ports.wss}`, ca);
    try {
      const creds = { user: ALICE, domain: 'a.provider.test', password: aliceSipPassword };
      const { response, dialog } = await ws.invite(
        creds,
        'sip:+15550151@a.provider.test',
        webrtcOffer(FINGERPRINT),
      );
      expect(response.status).toBe(200);
      const sdp = response.body;
      const m = /^m=audio (\d+) (\S+)/m.exec(sdp);
      const port = Number(m?.[1]);
      expect(m?.[2]).toBe('UDP/TLS/RTP/SAVPF');
      expect(port).toBeGreaterThanOrEqual(profile.media.rtpengine.portMin);
      expect(port).toBeLessThanOrEqual(profile.media.rtpengine.portMax);
      expect(sdp).toMatch(/^c=IN IP4 127\.0\.0\.1$/m);
      expect(sdp).toMatch(/^a=ice-ufrag:/m);
      expect(sdp).toMatch(/^a=rtcp-mux$/m);
      expect(sdp).toMatch(/^a=candidate:\S+ 1 UDP \d+ 127\.0\.0\.1 \d+ typ host/im);
      const fp = /^a=fingerprint:sha-256 (\S+)$/m.exec(sdp)?.[1];
      expect(fp).toBeDefined();
      expect(fp).not.toBe(FINGERPRINT); // rtpengine terminates DTLS towards the plain side
      expect(sdp).not.toMatch(/^a=crypto:/m);
      // The gateway side is plain RTP/AVP through rtpengine.
      const legs = await rtpLegs(profile.media.rtpengine.ngPort, dialog.callId);
      const protocols = legs.flatMap((l) => l.protocols).sort();
      expect(protocols).toEqual(['RTP/AVP', 'UDP/TLS/RTP/SAVPF']);
      ws.ack2xx(dialog);
      expect(await ws.bye(dialog)).toBe(200);
    } finally {
      ws.close();
    }
    const after = await account.waitForCharges(2);
    expect(after.charges[0]?.destination).toBe('+15550151');
  }, 60_000);

  it('ends a call by itself when the credit runs out; refuses what it cannot pay for', async () => {
    const ua = await startBaresipUa({
      dir: join(stateDir, 'caller-2'),
      user: ALICE,
      domain: 'a.provider.test',
      password: aliceSipPassword,
      kamailioTcpPort: providerA().ports.tcp,
    });
    let before: number | undefined;
    try {
      await ua.registered();
      // +15550199 costs 1.00 a second; the balance (< 1.00) pays for less than one.
      ua.command('dial', 'sip:+15550199@a.provider.test');
      const refused = await ua.waitFor(['CALL_CLOSED', 'CALL_ESTABLISHED']);
      expect(refused.type).toBe('CALL_CLOSED');
      expect(refused.param).toMatch(/^402 Payment Required: balance too low/);
      expect((await account.topUp('5.000000')).status).toBe(200);
      before = (await balanceOf()).json['balanceMicros'] as number;
      const mark = ua.events.length;
      ua.command('dial', 'sip:+15550199@a.provider.test');
      const answered = await ua.waitFor(['CALL_ESTABLISHED', 'CALL_CLOSED'], 15_000, mark);
      expect(answered.type).toBe('CALL_ESTABLISHED');
      // We never hang up: the provider ends the call once the credit is used.
      await ua.waitFor(['CALL_CLOSED'], 15_000, mark);
    } finally {
      await ua.stop();
    }
    const after = await account.waitForCharges(3);
    const [charge] = after.charges;
    expect(charge?.destination).toBe('+15550199');
    const paidFor = Math.floor(((before ?? 0) * 60) / 60_000_000);
    expect(paidFor).toBe(5);
    // Kamailio's dialog timer ticks once a second: the call ends within the last second paid for.
    expect(charge?.seconds).toBeGreaterThan(paidFor - 1.25);
    expect(charge?.seconds).toBeLessThan(paidFor + 1.5);
    expect(after.json['balanceMicros']).toBe((before ?? 0) - (charge?.amountMicros ?? 0));
  }, 60_000);

  it('WebRTC to WebRTC stays end to end; WebRTC to a plain UA is bridged', async () => {
    const bobCreds = { user: BOB, domain: 'b.provider.test', password: seededPasswords()['bob']! };
    const aliceCreds = { user: ALICE, domain: 'a.provider.test', password: aliceSipPassword };
    for (const ice of [true, false]) {
      const callee = await RawWsSip.open(`wss://127.0.0.1:${providerB().ports.wss}`, ca);
      const caller = await RawWsSip.open(`wss://127.0.0.1:${providerA().ports.wss}`, ca);
      try {
        expect(await callee.register(bobCreds, { ice })).toBe(200);
        const offer = webrtcOffer(FINGERPRINT, 40_999);
        const call = caller.invite(aliceCreds, `sip:${BOB}@b.provider.test`, offer);
        const invite = await callee.next((m) => m.method === 'INVITE');
        callee.reply(invite, 486, 'Busy Here');
        expect((await call).response.status).toBe(486);
        if (ice) {
          expect(invite.body).toBe(offer); // untouched: the fingerprint is verified end to end
        } else {
          expect(invite.body).toMatch(/^m=audio \d+ RTP\/AVP /m);
          expect(invite.body).toMatch(/^c=IN IP4 127\.0\.0\.1$/m);
          expect(invite.body).not.toContain(FINGERPRINT);
          expect(invite.body).not.toMatch(/^a=(ice-ufrag|fingerprint|crypto):/m);
        }
        await callee.register(bobCreds, { ice, expires: 0 });
      } finally {
        caller.close();
        callee.close();
      }
    }
  }, 60_000);
});

describe('closing the account', () => {
  it('withdraws the credentials at once', async () => {
    const closed = await signedCall(
      ca,
      `${apiA}/v1/accounts/${encodeURIComponent(ALICE)}`,
      'DELETE',
      undefined,
      {
        signer: alice(),
      },
    );
    expect(closed.status).toBe(200);
    expect(closed.json['status']).toBe('closed');
    expect(typeof closed.json['storedMessages']).toBe('number');
    expect(await registerOverTls(ca, providerA().ports.tls, ALICE, aliceSipPassword)).toBe(401);
    const balance = await balanceOf();
    expect([balance.status, balance.json.error?.code]).toEqual([404, 'account-closed']);
    const twice = await signedCall(
      ca,
      `${apiA}/v1/accounts/${encodeURIComponent(ALICE)}`,
      'DELETE',
      undefined,
      {
        signer: alice(),
      },
    );
    expect([twice.status, twice.json.error?.code]).toEqual([404, 'account-closed']);
  });
});
