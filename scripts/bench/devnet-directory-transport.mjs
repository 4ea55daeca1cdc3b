// Benchmark: what answering the directory zone over TCP only costs (docs/devnet.md "DNS": Knot's
// mod-onlinesign answers SERVFAIL when an RRSIG does not fit a UDP reply, so the zone sends TC=1
// to every UDP query, mod-noudp). One Knot with the devnet's zones (startDevnetDns), two numbers:
// one certificate, and two (the answer that fits 1232 bytes unsigned but not signed). A cold
// lookup (our validating resolver, no cache: root, test., yakker.test. over UDP, the directory
// zone's DNSKEY, NAPTR and SMIMEA after a TC) of ENUM + certificates, as configured; then the same
// with mod-noudp taken out (knotc reload), where the two-certificate lookup fails.
// Prints one JSON object on stdout. Needs `node scripts/build.mjs node`, knot, knot-dnsutils.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTs, stats } from './bench-lib.mjs';

const LOOKUPS = Number(process.env['BENCH_ITERATIONS'] ?? 30);
const SUFFIX = 'e164.yakker.test.';

const lib = await loadTs('devnet-directory-transport', [
  "export { devnetPaths } from './devnet/src/index.ts';",
  "export { ensureDemoIdentity } from './devnet/src/demo-identity.ts';",
  "export { startDevnetDns } from './devnet/src/dns/devnet-dns.ts';",
  "export { directoryRecords, enumOwner } from './devnet/src/dns/devnet-zones.ts';",
  "export { createResolver } from './main/resolver/create-resolver.ts';",
  "export { lookupEnum } from './main/resolver/enum/enum-lookup.ts';",
  "export { lookupCertificates } from './main/resolver/cert/cert-lookup.ts';",
]);

const work = mkdtempSync(join(tmpdir(), 'yakker-bench-transport-'));
const ONE = '+15550100';
const TWO = '+15550123';
const users = join(work, 'users');
const one = await lib.ensureDemoIdentity(users, 'alice', ONE, `sip:${ONE}@a.provider.test`);
const laptop = await lib.ensureDemoIdentity(users, 'carol', TWO, `sip:${TWO}@a.provider.test`);
const phone = await lib.ensureDemoIdentity(users, 'carol-phone', TWO, `sip:${TWO}@a.provider.test`);

/** ENUM + certificates of `e164`, cold (no cache); its time and the certificate status. */
async function lookup(server, anchorFile, e164) {
  const resolver = lib.createResolver({
    servers: [server],
    trustAnchorFiles: [anchorFile],
    cache: false,
  });
  const t0 = performance.now();
  const found = await lib.lookupEnum(resolver, e164, { suffix: SUFFIX });
  const certs = await lib.lookupCertificates(resolver, `tel:${e164}`, { suffix: SUFFIX });
  const ms = performance.now() - t0;
  return { ms, status: `${found.status}/${certs.status}`, certs: certs.certificates.length };
}

async function series(server, anchorFile, e164) {
  const times = [];
  const statuses = new Set();
  let certs = 0;
  await lookup(server, anchorFile, e164); // warm-up (JIT, sockets), not counted
  for (let i = 0; i < LOOKUPS; i++) {
    const r = await lookup(server, anchorFile, e164);
    times.push(r.ms);
    statuses.add(r.status);
    certs = r.certs;
  }
  return { lookupMs: stats(times), status: [...statuses].join(' '), certificates: certs };
}

const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, load ${loadavg()[0].toFixed(1)}`,
  lookups: LOOKUPS,
};
const stateDir = mkdtempSync(join(work, 'state-'));
let dns;
try {
  const paths = lib.devnetPaths(stateDir);
  const owner = lib.enumOwner(TWO);
  const records = [
    ...lib.directoryRecords(ONE, `sip:${ONE}@a.provider.test`, one.certDer),
    ...lib.directoryRecords(TWO, `sip:${TWO}@a.provider.test`, laptop.certDer),
    `_smimecert.${owner} SMIMEA 3 0 0 ${phone.certDer.toString('hex')}`,
  ];
  const certPem = readFileSync(one.certPath, 'utf8');
  const provider = { domain: 'a.provider.test', tlsPort: 5061, wssPort: 8443, certPem };
  dns = await lib.startDevnetDns(paths, [provider], records);
  const server = { host: dns.knot.host, port: dns.knot.port };
  result.tcpOnly = {
    oneCertificate: await series(server, paths.trustAnchorFile, ONE),
    twoCertificates: await series(server, paths.trustAnchorFile, TWO),
  };
  // The same zone answered over UDP (what the devnet did before): mod-noudp out, reload.
  const conf = dns.knot.configFile;
  writeFileSync(
    conf,
    readFileSync(conf, 'utf8').replace(
      '[mod-noudp, mod-onlinesign/online]',
      'mod-onlinesign/online',
    ),
  );
  spawnSync('knotc', ['-c', conf, 'reload'], { encoding: 'utf8' });
  for (let i = 0; i < 100; i++) {
    const kdig = spawnSync(
      'kdig',
      [`@${server.host}`, '-p', String(server.port), '+notcp', '+ignore', SUFFIX, 'SOA'],
      { encoding: 'utf8' },
    );
    if (/Flags: qr aa/.test(kdig.stdout) && !/ tc/.test(kdig.stdout)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  result.udpAsBefore = {
    oneCertificate: await series(server, paths.trustAnchorFile, ONE),
    twoCertificates: await series(server, paths.trustAnchorFile, TWO),
  };
  result.loadAfter = loadavg()[0].toFixed(1);
  result.note =
    'lookupMs = cold ENUM + certificate lookup (resolver without cache: the whole chain from the root each time)';
} catch (error) {
  result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
} finally {
  await dns?.knot.stop();
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
