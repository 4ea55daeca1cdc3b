import { createHash, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/logger';
import { CallIdentity } from '../../../main/keystore/call-identity';
import { SigningKeyCache } from '../../../main/keystore/signing-key-cache';
import { IdentityService } from '../../../main/keystore/identity-service';
import type { CertLookupResult } from '../../../main/resolver/cert/cert-lookup';
import { smimeaOwnerForTel } from '../../../main/resolver/cert/smimea-owner';
import type { DnssecStatus } from '../../../main/resolver/types';
import { IdentityLayer, type OwnIdentity } from '../../../main/sip/identity-layer';
import { header, parseSipMessage } from '../../../main/sip/sip-message';
import { VerdictStore } from '../../../main/sip/verdict-store';
import type { CallVerdict } from '../../../shared/contract/areas/calls';
import { FakeKeyStore } from '../../support/fake-key-store';

const SUFFIX = 'e164.yakker.test.';
const ALICE = { e164: '+15550100', aor: 'sip:+15550100@a.provider.test' };
const BOB = { e164: '+15550101', aor: 'sip:+15550101@b.provider.test' };
const FP1 = Array.from({ length: 32 }, () => 'A1').join(':');
const FP2 = Array.from({ length: 32 }, () => 'B2').join(':');

const sdp = (fp: string) =>
  `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint:sha-256 ${fp}\r\n`;

function invite(from: string, to: string, body: string, callId = 'call-1'): string {
  return [
    `INVITE ${to} SIP/2.0`,
    'Via: SIP/2.0/TLS x.invalid;branch=z9hG4bK1',
    `From: <${from}>;tag=f1`,
    `To: <${to}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

function ringing(from: string, to: string, body: string, callId = 'call-1'): string {
  return [
    'SIP/2.0 180 Ringing',
    'Via: SIP/2.0/TLS x.invalid;branch=z9hG4bK1',
    `From: <${from}>;tag=f1`,
    `To: <${to}>;tag=t1`,
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

interface Side {
  layer: IdentityLayer;
  verdicts: CallVerdict[];
  lookups: string[];
}

let keyStore: FakeKeyStore;
let identities: IdentityService;
let aliceId: string;
let bobId: string;
const certs = new Map<string, { der: Uint8Array; sha256: string }>();

beforeAll(async () => {
  keyStore = new FakeKeyStore();
  identities = new IdentityService(keyStore);
  const a = await identities.create({ tel: ALICE.e164, sip: ALICE.aor });
  const b = await identities.create({ tel: BOB.e164, sip: BOB.aor });
  aliceId = a.id;
  bobId = b.id;
  for (const [tel, s] of [
    [ALICE.e164, a],
    [BOB.e164, b],
  ] as const) {
    const der = new X509Certificate(s.current.pem).raw;
    certs.set(`tel:${tel}`, {
      der,
      sha256: createHash('sha256').update(der).digest('hex'),
    });
  }
});

function side(
  own: OwnIdentity,
  dns: (identity: string) => { status: DnssecStatus; publish: boolean },
  options: { skewS?: number } = {},
): Side {
  const verdicts: CallVerdict[] = [];
  const lookups: string[] = [];
  const clock = { now: () => new Date(Date.now() + (options.skewS ?? 0) * 1000) };
  const callIdentity = new CallIdentity(new SigningKeyCache(identities), SUFFIX, clock);
  const layer = new IdentityLayer({
    own: () => Promise.resolve(own),
    sign: (id, dest, body) => callIdentity.sign(id, dest, body),
    lookup: (identity) => {
      lookups.push(identity);
      const { status, publish } = dns(identity);
      const cert = certs.get(identity);
      const result: CertLookupResult = {
        identity: { kind: 'tel', e164: identity.slice(4) },
        owner: smimeaOwnerForTel(identity.slice(4), SUFFIX),
        status,
        rcode: 'NOERROR',
        certificates:
          publish && cert && (status === 'secure' || status === 'insecure') ? [cert] : [],
        otherAssociations: [],
        reason: 'fake',
      };
      return Promise.resolve(result);
    },
    verify: (h, key, expected) =>
      new CallIdentity(new SigningKeyCache(identities), SUFFIX).verify(h, key, expected),
    verdicts: new VerdictStore((v) => verdicts.push(v)),
    logger: silentLogger,
  });
  return { layer, verdicts, lookups };
}

const aliceOwn: OwnIdentity = { aor: ALICE.aor, identity: `tel:${ALICE.e164}`, identityId: '' };
const bobOwn: OwnIdentity = { aor: BOB.aor, identity: `tel:${BOB.e164}`, identityId: '' };
type Dns = (identity: string) => { status: DnssecStatus; publish: boolean };
const secure: Dns = () => ({ status: 'secure', publish: true });

async function signedInvite(body = sdp(FP1), options: { skewS?: number } = {}): Promise<string> {
  const alice = side({ ...aliceOwn, identityId: aliceId }, secure, options);
  return alice.layer.outgoing(invite(ALICE.aor, BOB.aor, body));
}

async function receive(text: string, dns: Dns = secure) {
  const bob = side({ ...bobOwn, identityId: bobId }, dns);
  const replies: string[] = [];
  const shown = await bob.layer.incoming(text, (r) => replies.push(r));
  return { shown, replies, verdict: bob.verdicts.at(-1), bob };
}

describe('IdentityLayer (unit, real keys, fake DNS)', () => {
  it('signs an outgoing INVITE with SDP: Identity header with orig, dest, mky; body untouched', async () => {
    const out = await signedInvite();
    const m = parseSipMessage(out);
    expect(m?.body).toBe(sdp(FP1));
    const value = m === null ? null : header(m, 'identity');
    expect(value).toMatch(
      /;info=<dns:_smimecert\.[\d.]+e164\.yakker\.test\?type=SMIMEA>;alg=ES256$/,
    );
    const payload = JSON.parse(
      Buffer.from(value?.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({
      orig: { tn: '15550100' },
      dest: { tn: ['15550101'] },
      mky: [{ alg: 'sha-256', dig: FP1 }],
    });
  });

  it('leaves alone what it must not sign: no SDP, a MESSAGE, someone else as From, no key', async () => {
    const alice = side({ ...aliceOwn, identityId: aliceId }, secure);
    const noSdp = invite(ALICE.aor, BOB.aor, '').replace('Content-Type: application/sdp\r\n', '');
    expect(await alice.layer.outgoing(noSdp)).toBe(noSdp);
    const message = invite(ALICE.aor, BOB.aor, 'hi')
      .replace(/INVITE/g, 'MESSAGE')
      .replace('application/sdp', 'text/plain');
    expect(await alice.layer.outgoing(message)).toBe(message);
    const notUs = invite('sip:carol@a.provider.test', BOB.aor, sdp(FP1));
    expect(await alice.layer.outgoing(notUs)).toBe(notUs);
    const unkeyed = side({ ...aliceOwn, identityId: null }, secure);
    const plain = invite(ALICE.aor, BOB.aor, sdp(FP1));
    expect(await unkeyed.layer.outgoing(plain)).toBe(plain);
  });

  it('verified: the signature, the freshness and mky all check out, DNS secure', async () => {
    const { shown, replies, verdict } = await receive(await signedInvite());
    expect(shown).not.toBeNull();
    expect(replies).toEqual([]);
    expect(verdict).toMatchObject({
      callId: 'call-1',
      peer: ALICE.e164,
      state: 'verified',
      dnssec: 'secure',
      fingerprint: certs.get(`tel:${ALICE.e164}`)?.sha256,
    });
  });

  it('failed + 438, not shown to JsSIP: a=fingerprint changed after signing', async () => {
    const tampered = (await signedInvite()).replace(FP1, FP2);
    const { shown, replies, verdict } = await receive(tampered);
    expect(shown).toBeNull();
    expect(replies[0]).toMatch(/^SIP\/2\.0 438 Invalid Identity Header\r\n/);
    expect(replies[0]).toMatch(/\r\nCall-ID: call-1\r\n/);
    expect(replies[0]).toMatch(/\r\nTo: <sip:\+15550101@b\.provider\.test>;tag=/);
    expect(verdict).toMatchObject({ state: 'failed', reason: expect.stringMatching(/media keys/) });
  });

  it('failed: a bad signature, a stale token, bogus DNS, a missing Identity from a publishing peer', async () => {
    const signed = await signedInvite();
    const badSig = signed.replace(
      /(Identity: [\w-]+\.[\w-]+\.)(\w)/,
      (_m, h: string, c: string) => `${h}${c === 'A' ? 'B' : 'A'}`,
    );
    expect((await receive(badSig)).verdict?.reason).toMatch(/signature does not match/);
    const stale = await signedInvite(sdp(FP1), { skewS: -120 });
    expect((await receive(stale)).verdict?.reason).toMatch(/60 seconds/);
    const bogus = await receive(signed, () => ({ status: 'bogus', publish: true }));
    expect(bogus.verdict).toMatchObject({ state: 'failed', dnssec: 'bogus' });
    expect(bogus.shown).toBeNull();
    const unsigned = invite(ALICE.aor, BOB.aor, sdp(FP1));
    const missing = await receive(unsigned);
    expect(missing.verdict).toMatchObject({ state: 'failed' });
    expect(missing.verdict?.reason).toMatch(/without their signature/);
    const lost = await receive(signed, () => ({ status: 'indeterminate', publish: true }));
    expect(lost.verdict).toMatchObject({ state: 'failed', dnssec: 'indeterminate' });
  });

  it('not-verified and passed on: no certificate published, or DNS insecure', async () => {
    const legacy = invite(ALICE.aor, BOB.aor, sdp(FP1));
    const none = await receive(legacy, () => ({ status: 'secure', publish: false }));
    expect(none.shown).toBe(legacy);
    expect(none.verdict).toMatchObject({ state: 'not-verified', dnssec: 'secure' });
    const insecure = await receive(await signedInvite(), () => ({
      status: 'insecure',
      publish: true,
    }));
    expect(insecure.shown).not.toBeNull();
    expect(insecure.verdict).toMatchObject({ state: 'not-verified', dnssec: 'insecure' });
  });

  it('responses: bob signs his 180 with SDP; alice verifies it against bob (the To identity)', async () => {
    const bob = side({ ...bobOwn, identityId: bobId }, secure);
    const out = await bob.layer.outgoing(ringing(ALICE.aor, BOB.aor, sdp(FP2)));
    expect(out).toMatch(/\r\nIdentity: /);
    const alice = side({ ...aliceOwn, identityId: aliceId }, secure);
    const replies: string[] = [];
    expect(await alice.layer.incoming(out, (r) => replies.push(r))).toBe(out);
    await alice.layer.settled();
    expect(alice.verdicts.at(-1)).toMatchObject({ state: 'verified', peer: BOB.e164 });
    const tampered = out.replace(FP2, FP1);
    const second = side({ ...aliceOwn, identityId: aliceId }, secure);
    // A failed response is still passed on (JsSIP must finish the transaction); no 438.
    expect(await second.layer.incoming(tampered, (r) => replies.push(r))).toBe(tampered);
    await second.layer.settled();
    expect(second.verdicts.at(-1)?.state).toBe('failed');
    expect(replies).toEqual([]);
  });

  it('a response goes on to JsSIP before its check ends; the INVITE already started the lookup', async () => {
    let answer: (r: CertLookupResult) => void = () => undefined;
    const lookups: string[] = [];
    const verdicts: CallVerdict[] = [];
    const callIdentity = new CallIdentity(new SigningKeyCache(identities), SUFFIX);
    const alice = new IdentityLayer({
      own: () => Promise.resolve({ ...aliceOwn, identityId: aliceId }),
      sign: (id, dest, body) => callIdentity.sign(id, dest, body),
      lookup: (identity) => {
        lookups.push(identity);
        return new Promise((done) => (answer = done));
      },
      verify: (h, key, expected) => callIdentity.verify(h, key, expected),
      verdicts: new VerdictStore((v) => verdicts.push(v)),
      logger: silentLogger,
    });
    await alice.outgoing(invite(ALICE.aor, BOB.aor, sdp(FP1)));
    expect(lookups).toEqual([`tel:${BOB.e164}`]); // looked up while the INVITE travels
    const bob = side({ ...bobOwn, identityId: bobId }, secure);
    const reply = await bob.layer.outgoing(ringing(ALICE.aor, BOB.aor, sdp(FP2)));
    // The lookup has not answered, and still the response is handed on, its verdict pending.
    expect(await alice.incoming(reply, () => undefined)).toBe(reply);
    expect(verdicts.at(-1)).toMatchObject({ state: 'pending' });
    const cert = certs.get(`tel:${BOB.e164}`);
    answer({
      identity: { kind: 'tel', e164: BOB.e164 },
      owner: smimeaOwnerForTel(BOB.e164, SUFFIX),
      status: 'secure',
      rcode: 'NOERROR',
      certificates: cert ? [cert] : [],
      otherAssociations: [],
      reason: 'fake',
    });
    await alice.settled();
    expect(verdicts.at(-1)).toMatchObject({ state: 'verified', peer: BOB.e164 });
    expect(lookups).toHaveLength(1); // the answer's check used the lookup the INVITE started
  });

  it('looks the certificate up once per call, and a failed call stays failed', async () => {
    const signed = await signedInvite();
    const bob = side({ ...bobOwn, identityId: bobId }, secure);
    await bob.layer.incoming(signed.replace(FP1, FP2), () => undefined);
    await bob.layer.incoming(signed, () => undefined);
    expect(bob.lookups).toEqual([`tel:${ALICE.e164}`]);
    expect(bob.verdicts.filter((v) => v.state !== 'pending').map((v) => v.state)).toEqual([
      'failed',
    ]);
  });

  it('pins the verified fingerprints per dialog: a re-INVITE with other media keys fails', async () => {
    const bob = side({ ...bobOwn, identityId: bobId }, secure);
    await bob.layer.incoming(await signedInvite(sdp(FP1)), () => undefined);
    expect(bob.verdicts.at(-1)?.state).toBe('verified');
    const again = await signedInvite(sdp(FP1));
    expect(await bob.layer.incoming(again, () => undefined)).not.toBeNull();
    const replies: string[] = [];
    const changed = await signedInvite(sdp(FP2));
    expect(await bob.layer.incoming(changed, (r) => replies.push(r))).toBeNull();
    expect(replies[0]).toMatch(/^SIP\/2\.0 438 /);
    expect(bob.verdicts.at(-1)).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/changed during the call/) as string,
    });
  });

  it('prepare() loads the signing key of the account ahead of the first call, and only with one', async () => {
    const prepared: string[] = [];
    const make = (own: OwnIdentity | null) =>
      new IdentityLayer({
        own: () => Promise.resolve(own),
        sign: () => Promise.reject(new Error('not used')),
        prepareSigning: (id) => {
          prepared.push(id);
          return Promise.resolve();
        },
        lookup: () => Promise.reject(new Error('not used')),
        verify: () => Promise.reject(new Error('not used')),
        verdicts: new VerdictStore(() => undefined),
        logger: silentLogger,
      });
    await make({ ...aliceOwn, identityId: aliceId }).prepare();
    await make({ ...aliceOwn, identityId: null }).prepare();
    await make(null).prepare();
    expect(prepared).toEqual([aliceId]);
  });
});
