// Benchmark: the devnet directory service on a devnet started by `yakker devnet up` in a
// temporary state folder (needs a build: dist/main/cli.mjs). Measures: account registration
// (create → SMS code → signed verify, which re-signs the zone and waits until NSD serves it);
// the private lookup (HTTPS round trip, answer size) and validating its chain with our resolver
// (cold, a new resolver each time), side by side with the same ENUM + certificate lookup
// straight from the devnet DNS (cold); a relay frame round trip (POST then GET). Prints one JSON
// object on stdout.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadTs, stats, time, withDevnet } from './bench-lib.mjs';

const N = Number(process.env['BENCH_ITERATIONS'] ?? 10);

const lib = await loadTs('devnet-directory', [
  "export { directoryClient } from './test/support/directory-client.ts';",
  "export { chainTransport } from './test/support/chain-transport.ts';",
  "export { makeIdentity, smsCode } from './test/support/devnet-directory.ts';",
  "export { createResolver } from './main/resolver/create-resolver.ts';",
  "export { lookupEnum } from './main/resolver/enum/enum-lookup.ts';",
  "export { lookupCertificates } from './main/resolver/cert/cert-lookup.ts';",
]);

await withDevnet('yakker-bench-directory-', async ({ stateDir, profile }) => {
  const api = lib.directoryClient(profile.directoryUrl, readFileSync(profile.caCertFile, 'utf8'));
  const suffix = profile.directory.suffix;
  const anchor = [profile.dns.trustAnchorFile];

  // Registration: N numbers, each create → code → signed verify (publish included).
  const register = [];
  const ids = [];
  for (let i = 0; i < N; i++) {
    const number = `+1555020${String(i).padStart(2, '0')}`;
    const id = await lib.makeIdentity(join(stateDir, 'ids'), `u${i}`, number);
    ids.push(id);
    register.push(
      await time(async () => {
        await api.post('/v1/accounts', { number, certificate: id.certBase64 });
        const code = await lib.smsCode(api, number);
        const r = await api.post(
          '/v1/accounts/verify',
          { number, code, target: `sip:${number}@a.provider.test` },
          id,
        );
        if (r.status !== 200) throw new Error(r.text);
      }),
    );
  }

  // Private lookup vs direct DNS, cold each time.
  const number = ids[0].number;
  const lookup = [];
  const validate = [];
  const direct = [];
  let answerBytes = 0;
  let messages = 0;
  for (let i = 0; i < N; i++) {
    let reply;
    lookup.push(await time(async () => (reply = await api.post('/v1/lookup', { number }))));
    answerBytes = reply.body.length;
    messages = reply.json.messages.length;
    validate.push(
      await time(async () => {
        const resolver = lib.createResolver({
          transport: lib.chainTransport(reply.json.messages),
          trustAnchorFiles: anchor,
          cache: false,
        });
        const e = await lib.lookupEnum(resolver, number, { suffix });
        const c = await lib.lookupCertificates(resolver, `tel:${number}`, { suffix });
        if (e.status !== 'secure' || c.status !== 'secure') throw new Error('not secure');
      }),
    );
    direct.push(
      await time(async () => {
        const resolver = lib.createResolver({
          servers: [{ host: profile.dns.host, port: profile.dns.port }],
          trustAnchorFiles: anchor,
          cache: false,
        });
        const e = await lib.lookupEnum(resolver, number, { suffix });
        const c = await lib.lookupCertificates(resolver, `tel:${number}`, { suffix });
        if (e.status !== 'secure' || c.status !== 'secure') throw new Error('not secure');
      }),
    );
  }

  // Relay: one 1 KiB frame, POST then GET.
  const relay = [];
  const box = randomBytes(16).toString('hex');
  await api.send('POST', `/v1/relay/${box}`);
  for (let i = 0; i < N; i++) {
    const frame = randomBytes(1024);
    relay.push(
      await time(async () => {
        await api.send('POST', `/v1/relay/${box}/to/holder`, {
          raw: frame,
          headers: { 'content-type': 'application/octet-stream' },
        });
        const r = await api.send('GET', `/v1/relay/${box}/to/holder?wait=0`);
        if (!r.body.equals(frame)) throw new Error('relay changed a frame');
      }),
    );
  }

  const lookupTotal = lookup.map((x, i) => x + (validate[i] ?? 0));
  process.stdout.write(
    `${JSON.stringify({
      machine: { cpus: cpus().length, load: loadavg()[0].toFixed(1), node: process.version },
      registerMs: stats(register),
      privateLookupMs: stats(lookup),
      privateLookupAnswer: { bytes: answerBytes, messages },
      chainValidationMs: stats(validate),
      privateLookupTotalMs: stats(lookupTotal),
      directDnsLookupMs: stats(direct),
      ratioPrivateToDirect:
        Math.round((stats(lookupTotal).median / stats(direct).median) * 100) / 100,
      relayFrameRoundTripMs: stats(relay),
    })}\n`,
  );
});
