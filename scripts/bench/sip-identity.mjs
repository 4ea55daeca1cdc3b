// Calls, main side: what the identity layer adds per SDP (sign an outgoing INVITE, verify it
// on the receiving side with the certificate already looked up: the DNS lookup is measured in
// resolver-lookups), and the SIP stream framer's throughput. Prints one JSON object.
// Run: node scripts/bench/sip-identity.mjs   (bundles the TypeScript it needs with esbuild first)
import { createHash, X509Certificate } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { loadTs, stats } from './bench-lib.mjs';

const lib = await loadTs('sip-identity', [
  "export { IdentityLayer } from './main/sip/identity-layer';",
  "export { VerdictStore } from './main/sip/verdict-store';",
  "export { SipFramer } from './main/sip/sip-framer';",
  "export { CallIdentity } from './main/keystore/call-identity';",
  "export { IdentityService } from './main/keystore/identity-service';",
  "export { SigningKeyCache } from './main/keystore/signing-key-cache';",
  "export { smimeaOwnerForTel } from './main/resolver/cert/smimea-owner';",
  "export { openKeyStore } from './main/keystore/open-key-store';",
  "export { startPrivateSession, removeHome } from './test/support/private-keyring';",
]);

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** An in-memory keychain (bench only; product code has none). */
const items = new Map();
const keyStore = {
  backend: 'bench',
  get: (a) => Promise.resolve(items.get(a) ?? null),
  set: (a, s) => Promise.resolve(void items.set(a, s)),
  delete: (a) => Promise.resolve(items.delete(a)),
};
const SUFFIX = 'e164.yakker.test.';
const identities = new lib.IdentityService(keyStore);
const alice = await identities.create({ tel: '+15550100' });
const bob = await identities.create({ tel: '+15550101' });
const der = new X509Certificate(alice.current.pem).raw;
const published = { der, sha256: createHash('sha256').update(der).digest('hex') };
const silent = { info() {}, warn() {}, error() {} };
const call = new lib.CallIdentity(new lib.SigningKeyCache(identities), SUFFIX);
// Before the key cache: the identity index and the key read and parsed for every message.
const uncached = new lib.CallIdentity(
  {
    get: async (ref) => ({
      summary: await identities.get(ref),
      key: (await identities.current(ref, 'calls')).key,
    }),
  },
  SUFFIX,
);
const layer = (own, signer = call) =>
  new lib.IdentityLayer({
    own: () => Promise.resolve(own),
    sign: (id, dest, sdp) => signer.sign(id, dest, sdp),
    lookup: (identity) =>
      Promise.resolve({
        identity: { kind: 'tel', e164: identity.slice(4) },
        owner: lib.smimeaOwnerForTel(identity.slice(4), SUFFIX),
        status: 'secure',
        rcode: 'NOERROR',
        certificates: [published],
        otherAssociations: [],
        reason: '',
      }),
    verify: (h, key, expected) => call.verify(h, key, expected),
    verdicts: new lib.VerdictStore(() => undefined),
    logger: silent,
  });
const aliceLayer = layer({
  aor: 'sip:+15550100@a.provider.test',
  identity: 'tel:+15550100',
  identityId: alice.id,
});
const aliceUncached = layer(
  { aor: 'sip:+15550100@a.provider.test', identity: 'tel:+15550100', identityId: alice.id },
  uncached,
);
const bobLayer = layer({
  aor: 'sip:+15550101@b.provider.test',
  identity: 'tel:+15550101',
  identityId: bob.id,
});
const fp = (b) => Array.from({ length: 32 }, () => b).join(':');
const sdp = `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 ${fp('A1')}\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n${'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n'.repeat(4)}`;
const invite = (n) =>
  [
    'INVITE sip:+15550101@b.provider.test SIP/2.0',
    'Via: SIP/2.0/TLS x.invalid;branch=z9hG4bK' + n,
    'From: <sip:+15550100@a.provider.test>;tag=a',
    'To: <sip:+15550101@b.provider.test>',
    `Call-ID: bench-${n}`,
    'CSeq: 1 INVITE',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n');

const N = 200;
const sign = [];
const signUncached = [];
const verify = [];
for (let i = 0; i < N + 20; i++) {
  let t = process.hrtime.bigint();
  await aliceUncached.outgoing(invite(i));
  const u = ms(t);
  t = process.hrtime.bigint();
  const out = await aliceLayer.outgoing(invite(i));
  const s = ms(t);
  t = process.hrtime.bigint();
  const shown = await bobLayer.incoming(out, () => undefined);
  const v = ms(t);
  if (shown === null) throw new Error('verification failed in the bench');
  if (i >= 20) {
    signUncached.push(u);
    sign.push(s);
    verify.push(v);
  }
}

/**
 * The same sign with the real keychain: gnome-keyring on a private D-Bus session (never the
 * user's own), read for every message as before, and through the session's key cache.
 */
async function realKeychain(runs = 30) {
  const session = await lib.startPrivateSession('unlocked');
  const saved = { ...process.env };
  Object.assign(process.env, session.env); // the keychain addon reads the bus address from here
  try {
    const store = lib.openKeyStore({ ...process.env, YAKKER_KEYCHAIN_SERVICE: 'org.yakker.bench' });
    const ids = new lib.IdentityService(store);
    const me = await ids.create({ tel: '+15550100' });
    const cached = new lib.CallIdentity(new lib.SigningKeyCache(ids), SUFFIX);
    const every = new lib.CallIdentity(
      {
        get: async (ref) => ({
          summary: await ids.get(ref),
          key: (await ids.current(ref, 'calls')).key,
        }),
      },
      SUFFIX,
    );
    const body = invite(0).split('\r\n\r\n')[1];
    const timesEvery = [];
    const timesCached = [];
    for (let i = 0; i < runs + 3; i++) {
      let t = process.hrtime.bigint();
      await every.sign(me.id, 'tel:+15550101', body);
      const e = ms(t);
      t = process.hrtime.bigint();
      await cached.sign(me.id, 'tel:+15550101', body);
      const c = ms(t);
      if (i >= 3) {
        timesEvery.push(e);
        timesCached.push(c);
      }
    }
    return { runs, keychainEveryTimeMs: stats(timesEvery), cachedMs: stats(timesCached) };
  } finally {
    for (const k of Object.keys(session.env)) delete process.env[k];
    Object.assign(process.env, saved);
    await session.stop();
    lib.removeHome(session);
  }
}
const keychain = process.env['YAKKER_BENCH_KEYCHAIN'] === '0' ? null : await realKeychain();

const stream = Buffer.from(invite(1).repeat(2000));
const framer = new lib.SipFramer();
let t = process.hrtime.bigint();
let messages = 0;
for (let off = 0; off < stream.length; off += 1460)
  messages += framer.push(stream.subarray(off, off + 1460)).length;
const frameMs = ms(t);

process.stdout.write(
  `${JSON.stringify({
    machine: { cpus: cpus().length, load1: round(loadavg()[0] ?? 0, 1) },
    keychain: 'in memory (the D-Bus round trip of gnome-keyring is not included)',
    identityLayer: {
      runs: N,
      signInviteMs: stats(sign),
      signInviteKeychainEveryTimeMs: stats(signUncached),
      verifyInviteMs: stats(verify),
      signWithGnomeKeyring: keychain ?? 'skipped (YAKKER_BENCH_KEYCHAIN=0)',
      note: 'verify with the certificate already looked up (one DNS lookup per call)',
    },
    framer: {
      messages,
      bytes: stream.length,
      segments: Math.ceil(stream.length / 1460),
      messagesPerSecond: Math.round(messages / (frameMs / 1000)),
    },
  })}\n`,
);
