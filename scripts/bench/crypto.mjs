// Keys and messages benchmark: identity creation, S/MIME seal and open per message (median) and
// throughput, side by side with `openssl cms` on the same message. Prints one JSON object.
// Run: node scripts/bench/crypto.mjs   (bundles the TypeScript it needs with esbuild first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTs, stats } from './bench-lib.mjs';

const lib = await loadTs('crypto', [
  "export { createIdentityCertificate } from './main/keystore/certificate-factory';",
  "export { parseCertificate } from './main/crypto/der';",
  "export { sealMessage, openMessage } from './main/crypto/smime-message';",
  "export { MemorySeenMessageIds } from './main/crypto/seen-message-ids';",
]);
const { generateKeyPairSync } = await import('node:crypto');

const median = (xs) => stats(xs).median;
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

async function identity(tel) {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = await lib.createIdentityCertificate({
    privateKey,
    tel,
    notBefore: new Date(Date.now() - 60_000),
    validityDays: 30,
  });
  return {
    key: privateKey,
    certificate: lib.parseCertificate(pem),
    pem,
    keyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }),
  };
}

// Identity creation: P-256 key pair + self-signed certificate (keychain writes excluded).
const createTimes = [];
for (let i = 0; i < 50; i++) {
  const t = process.hrtime.bigint();
  await identity('+15550100');
  createTimes.push(ms(t));
}

const alice = await identity('+15550100');
const bob = await identity('+15550101');
const dir = mkdtempSync(join(tmpdir(), 'yakker-bench-'));
for (const [name, who] of [
  ['alice', alice],
  ['bob', bob],
]) {
  writeFileSync(join(dir, `${name}.pem`), who.pem);
  writeFileSync(join(dir, `${name}.key`), who.keyPem);
}
const openssl = (args) =>
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

async function measure(body, size, runs) {
  const seal = [];
  const open = [];
  const opensslSeal = [];
  const opensslOpen = [];
  for (let i = 0; i < runs; i++) {
    let t = process.hrtime.bigint();
    const sealed = lib.sealMessage({
      sender: alice,
      recipients: [bob.certificate],
      body,
      now: new Date(),
    });
    seal.push(ms(t));
    t = process.hrtime.bigint();
    await lib.openMessage({
      message: Buffer.from(sealed.entity),
      credentials: [bob],
      senderCertificate: alice.certificate,
      now: new Date(),
      seenIds: new lib.MemorySeenMessageIds(),
    });
    open.push(ms(t));
    // The same message through openssl: sign + encrypt (to both, like ours), then decrypt + verify.
    writeFileSync(join(dir, 'cpim.txt'), sealed.cpim ? readCpim(sealed) : body);
    t = process.hrtime.bigint();
    openssl([
      'cms',
      '-sign',
      '-in',
      'cpim.txt',
      '-signer',
      'alice.pem',
      '-inkey',
      'alice.key',
      '-nodetach',
      '-binary',
      '-out',
      's.smime',
    ]);
    openssl([
      'cms',
      '-encrypt',
      '-in',
      's.smime',
      '-aes256',
      '-binary',
      '-out',
      'm.p7m',
      'bob.pem',
      'alice.pem',
    ]);
    opensslSeal.push(ms(t));
    t = process.hrtime.bigint();
    openssl([
      'cms',
      '-decrypt',
      '-in',
      'm.p7m',
      '-recip',
      'bob.pem',
      '-inkey',
      'bob.key',
      '-out',
      'd.smime',
    ]);
    openssl([
      'cms',
      '-verify',
      '-in',
      'd.smime',
      '-CAfile',
      'alice.pem',
      '-partial_chain',
      '-out',
      'plain.txt',
    ]);
    opensslOpen.push(ms(t));
  }
  return { size, runs, seal, open, opensslSeal, opensslOpen };
}
function readCpim(sealed) {
  // The signed entity: what openssl signs is the same CPIM entity we sign.
  return `Content-Type: message/cpim\r\n\r\nFrom: <${sealed.cpim.from}>\r\nTo: <${sealed.cpim.to[0]}>\r\nDateTime: ${sealed.cpim.dateTime.toISOString()}\r\nNS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: ${sealed.cpim.messageId}\r\n\r\nContent-Type: ${sealed.cpim.contentType}\r\n\r\n${sealed.cpim.body}`;
}

const small = await measure('x'.repeat(1024), 1024, 50);
const large = await measure('y'.repeat(1024 * 1024), 1024 * 1024, 5);
rmSync(dir, { recursive: true, force: true });

const summary = (m) => {
  const seal = median(m.seal);
  const open = median(m.open);
  const oSeal = median(m.opensslSeal);
  const oOpen = median(m.opensslOpen);
  return {
    messageBytes: m.size,
    runs: m.runs,
    sealMedianMs: round(seal),
    openMedianMs: round(open),
    opensslSealMedianMs: round(oSeal),
    opensslOpenMedianMs: round(oOpen),
    sealThroughputMBps: round(m.size / 1e6 / (seal / 1000), 2),
    openThroughputMBps: round(m.size / 1e6 / (open / 1000), 2),
    opensslSealThroughputMBps: round(m.size / 1e6 / (oSeal / 1000), 2),
    opensslOpenThroughputMBps: round(m.size / 1e6 / (oOpen / 1000), 2),
    sealPerSecond: round(1000 / seal, 1),
    openPerSecond: round(1000 / open, 1),
    sealRatioVsOpenssl: round(seal / oSeal, 3),
    openRatioVsOpenssl: round(open / oOpen, 3),
  };
};

process.stdout.write(
  `${JSON.stringify({
    node: process.versions.node,
    openssl: execFileSync('openssl', ['version']).toString().trim(),
    cpus: cpus().length,
    note: 'openssl times include starting two openssl processes per step (sign+encrypt, decrypt+verify); ratio = ours / openssl',
    identityCreateMedianMs: round(median(createTimes)),
    message1KiB: summary(small),
    message1MiB: summary(large),
  })}\n`,
);
