// Benchmark: the devnet's directory publishing and start-up (docs/devnet.md "DNS").
//  - publish-to-visible: publishDirectoryEntries (TSIG dynamic update to Knot, online signing)
//    of a new number, then the first secure ENUM lookup of it through our validating resolver
//    (warm for the zones above), with 2 and with 1,000 numbers already in the zone; withdrawal
//    likewise. Side by side, the former path on the same machine: the whole directory zone
//    re-signed offline (dnssec-signzone, NSEC3, same keys) and NSD reloaded (SIGHUP), polled
//    until it serves the new serial.
//  - start-up: the DNS part alone (keys, offline signing of the other zones, Knot ready), and
//    `yakker devnet up` as a user runs it (both Kamailios, DNS, supervisor in the background).
// Prints one JSON object on stdout. Needs `node scripts/build.mjs node` (for bin/yakker.mjs),
// knot, knot-dnsutils, bind9-utils, nsd, kamailio (.ci/apt-packages.txt).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTs, root, stats } from './bench-lib.mjs';

const PUBLISHES = Number(process.env['BENCH_ITERATIONS'] ?? 15);
const UP_RUNS = Number(process.env['BENCH_UP_RUNS'] ?? 3);
const SUFFIX = 'e164.yakker.test.';

const lib = await loadTs('devnet-publish', [
  "export { devnetPaths, publishDirectoryEntries } from './devnet/src/index.ts';",
  "export { ensureDemoIdentity } from './devnet/src/demo-identity.ts';",
  "export { startDevnetDns } from './devnet/src/dns/devnet-dns.ts';",
  "export { directoryRecords, DIRECTORY_SUFFIX } from './devnet/src/dns/devnet-zones.ts';",
  "export { buildZones } from './devnet/src/dns/build-zones.ts';",
  "export { serveNsd } from './devnet/src/dns/serve-nsd.ts';",
  "export { soaSerial } from './devnet/src/dns/soa-serial.ts';",
  "export { createResolver } from './main/resolver/create-resolver.ts';",
  "export { lookupEnum } from './main/resolver/enum/enum-lookup.ts';",
]);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const work = mkdtempSync(join(tmpdir(), 'yakker-bench-devnet-'));
const identity = await lib.ensureDemoIdentity(
  join(work, 'users'),
  'bench',
  '+15550100',
  'sip:+15550100@a.provider.test',
);
const numberAt = (i) => `+1555${String(1_000_000 + i).slice(1)}`; // +1555000000 …
const recordsOf = (e164) =>
  lib.directoryRecords(e164, `sip:${e164}@a.provider.test`, identity.certDer);
const existing = (count) => {
  const entries = {};
  for (let i = 0; i < count; i++) entries[numberAt(i)] = recordsOf(numberAt(i));
  return entries;
};

async function visible(resolver, e164, wanted) {
  const result = await lib.lookupEnum(resolver, e164, { suffix: SUFFIX });
  if (result.status !== 'secure' || result.uris.length > 0 !== wanted)
    throw new Error(`${e164}: ${result.status}, ${result.uris.length} URIs, wanted ${wanted}`);
}

/** Knot: every devnet zone, the directory zone online-signed, with `count` numbers in it. */
async function knotRun(count) {
  const stateDir = mkdtempSync(join(work, 'knot-'));
  const paths = lib.devnetPaths(stateDir);
  const entries = existing(count);
  writeFileSync(paths.directoryRecords, JSON.stringify(entries));
  // Any certificate does for the provider zone's TLSA (no Kamailio runs here).
  const certPem = readFileSync(identity.certPath, 'utf8');
  const provider = { domain: 'a.provider.test', tlsPort: 5061, wssPort: 8443, certPem };
  const started = performance.now();
  const dns = await lib.startDevnetDns(paths, [provider], Object.values(entries).flat());
  const startMs = performance.now() - started;
  writeFileSync(
    paths.profile,
    JSON.stringify({
      version: 1,
      dns: { host: dns.knot.host, port: dns.knot.port },
      directory: { suffix: SUFFIX },
    }),
  );
  const resolver = lib.createResolver({
    servers: [{ host: dns.knot.host, port: dns.knot.port }],
    trustAnchorFiles: [paths.trustAnchorFile],
  });
  try {
    await visible(resolver, numberAt(0), count > 0); // warms the chain above the number
    const publish = [];
    const toVisible = [];
    const withdraw = [];
    for (let i = 0; i < PUBLISHES; i++) {
      const e164 = numberAt(500_000 + i);
      const t0 = performance.now();
      await lib.publishDirectoryEntries(paths, { [e164]: recordsOf(e164) });
      const t1 = performance.now();
      await visible(resolver, e164, true);
      const t2 = performance.now();
      publish.push(t1 - t0);
      toVisible.push(t2 - t0);
      const t3 = performance.now();
      await lib.publishDirectoryEntries(paths, { [e164]: [] });
      withdraw.push(performance.now() - t3);
    }
    return {
      zoneNumbers: count,
      dnsStartMs: Math.round(startMs),
      publishMs: stats(publish),
      publishToVisibleMs: stats(toVisible),
      withdrawMs: stats(withdraw),
    };
  } finally {
    await dns.knot.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** The former path: the directory zone re-signed offline (NSEC3, same keys) and NSD reloaded. */
async function nsdRun(count) {
  const dir = mkdtempSync(join(work, 'nsd-'));
  const entries = existing(count);
  const spec = (records) => ({
    origin: lib.DIRECTORY_SUFFIX,
    signer: 'bind',
    algorithm: 13,
    denial: 'nsec3',
    records,
  });
  let serial = Math.floor(Date.now() / 1000);
  const built = lib.buildZones([spec(Object.values(entries).flat())], { dir, serial });
  const anchorFile = join(dir, 'anchor.ds');
  writeFileSync(anchorFile, `${built.anchorDs.join('\n')}\n`);
  const nsd = await lib.serveNsd(built);
  const resolver = lib.createResolver({
    servers: [{ host: nsd.host, port: nsd.port }],
    trustAnchorFiles: [anchorFile],
  });
  try {
    await visible(resolver, numberAt(0), count > 0);
    const publish = [];
    const toVisible = [];
    for (let i = 0; i < PUBLISHES; i++) {
      const e164 = numberAt(500_000 + i);
      const t0 = performance.now();
      entries[e164] = recordsOf(e164);
      serial += 1;
      lib.buildZones([spec(Object.values(entries).flat())], { dir, serial, reuseKeys: true });
      process.kill(nsd.pid, 'SIGHUP');
      while (((await lib.soaSerial(nsd.host, nsd.port, SUFFIX, 300)) ?? 0) < serial) await sleep(5);
      const t1 = performance.now();
      await visible(resolver, e164, true);
      publish.push(t1 - t0);
      toVisible.push(performance.now() - t0);
      delete entries[e164];
    }
    return { zoneNumbers: count, publishMs: stats(publish), publishToVisibleMs: stats(toVisible) };
  } finally {
    await nsd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `yakker devnet up` (background supervisor, both Kamailios, DNS) until it returns; then down. */
function devnetUp() {
  const stateDir = mkdtempSync(join(work, 'up-'));
  const yakker = (args) =>
    spawnSync(process.execPath, ['bin/yakker.mjs', ...args, '--state', stateDir], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
  const t0 = performance.now();
  const up = yakker(['devnet', 'up']);
  const ms = performance.now() - t0;
  yakker(['devnet', 'down']);
  rmSync(stateDir, { recursive: true, force: true });
  if (up.status !== 0) throw new Error(`devnet up failed: ${up.stderr}`);
  return ms;
}

const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, load ${loadavg()[0].toFixed(1)}`,
  publishes: PUBLISHES,
};
try {
  result.knot = [await knotRun(2), await knotRun(1000)];
  result.nsdResignReload = [await nsdRun(2), await nsdRun(1000)];
  const ups = [];
  for (let i = 0; i < UP_RUNS; i++) ups.push(devnetUp());
  result.devnetUpMs = stats(ups);
  result.loadAfter = loadavg()[0].toFixed(1);
  result.note =
    'publishToVisible = publish call + first secure ENUM lookup of the new number (resolver warm for the zones above); knot.dnsStartMs = keys + offline signing of the other zones + Knot ready';
} catch (error) {
  result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
