// Benchmark: the key rollover behind "Remove a linked device" (docs/pairing.md §13) on a devnet
// started by `yakker devnet up` in a temporary state folder (needs a build: dist/main/cli.mjs).
// For N registered numbers, one rollover each: a new P-256 key and its self-signed certificate
// (what stageKey makes; the keychain write is not included), the directory's swap
// (POST /v1/accounts/revoke with the replacement, signed with the old key: checks, one Knot
// dynamic update, database), and from there until our validating resolver (cold) finds only the
// new SMIMEA, secure. Prints one JSON object on stdout.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadTs, stats, time, withDevnet } from './bench-lib.mjs';

const N = Number(process.env['BENCH_ITERATIONS'] ?? 10);

const lib = await loadTs('devnet-revoke', [
  "export { directoryClient } from './test/support/directory-client.ts';",
  "export { makeIdentity, register } from './test/support/devnet-directory.ts';",
  "export { createIdentityCertificate } from './main/keystore/certificate-factory.ts';",
  "export { createResolver } from './main/resolver/create-resolver.ts';",
  "export { lookupCertificates } from './main/resolver/cert/cert-lookup.ts';",
]);

await withDevnet('yakker-bench-revoke-', async ({ stateDir, profile }) => {
  const api = lib.directoryClient(profile.directoryUrl, readFileSync(profile.caCertFile, 'utf8'));
  const suffix = profile.directory.suffix;
  const makeKey = [];
  const swap = [];
  const visible = [];
  const total = [];
  for (let i = 0; i < N; i++) {
    const number = `+1555030${String(i).padStart(2, '0')}`;
    const id = await lib.makeIdentity(join(stateDir, 'ids'), `r${i}`, number);
    await lib.register(api, id, `sip:${number}@a.provider.test`);
    let pem;
    const k = await time(async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      pem = await lib.createIdentityCertificate({
        privateKey,
        tel: number,
        notBefore: new Date(Date.now() - 300_000),
        validityDays: 365,
      });
    });
    const s = await time(async () => {
      const r = await api.post('/v1/accounts/revoke', { number, replacement: pem }, id);
      if (r.status !== 200) throw new Error(r.text);
    });
    const newDer = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const v = await time(async () => {
      for (;;) {
        const resolver = lib.createResolver({
          servers: [{ host: profile.dns.host, port: profile.dns.port }],
          trustAnchorFiles: [profile.dns.trustAnchorFile],
          cache: false,
        });
        const c = await lib.lookupCertificates(resolver, `tel:${number}`, { suffix });
        if (
          c.status === 'secure' &&
          c.certificates.length === 1 &&
          Buffer.from(c.certificates[0].der).equals(newDer)
        )
          return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    makeKey.push(k);
    swap.push(s);
    visible.push(v);
    total.push(k + s + v);
  }
  process.stdout.write(
    `${JSON.stringify({
      machine: { cpus: cpus().length, load: loadavg()[0].toFixed(1), node: process.version },
      newKeyAndCertificateMs: stats(makeKey),
      directorySwapMs: stats(swap),
      untilResolverSeesOnlyNewMs: stats(visible),
      totalMs: stats(total),
    })}\n`,
  );
});
