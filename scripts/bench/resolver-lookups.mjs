// Benchmark: an ENUM lookup plus a certificate (SMIMEA) lookup for +15550100 on the local DNSSEC
// hierarchy (test/support/dns-hierarchy, served by NSD on 127.0.0.1), cold cache and warm cache,
// side by side with delv and unbound-host on the same zones (each of those is a process per
// query, cold by nature). Prints one JSON object on stdout. Needs bind9-dnsutils, ldnsutils,
// bind9-utils, nsd and unbound-host (.ci/apt-packages.txt).
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadTs, root, stats } from './bench-lib.mjs';

const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 15);
const NUMBER = '+15550100';
const SUFFIX = 'e164.yakker.test.';
const ENUM_NAME = '0.0.1.0.5.5.5.1.e164.yakker.test';
const CERT_NAME = '_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test';

// Bundle the TypeScript pieces (resolver, lookups, hierarchy tools) next to node_modules.
const lib = await loadTs('resolver-lookups', [
  "export * from './test/support/dns-hierarchy/index.ts';",
  "export { createResolver } from './main/resolver/create-resolver.ts';",
  "export { lookupEnum } from './main/resolver/enum/enum-lookup.ts';",
  "export { lookupCertificates } from './main/resolver/cert/cert-lookup.ts';",
]);

const hierarchy = lib.buildHierarchy();
const nsd = await lib.serveNsd(hierarchy);
const server = { host: nsd.host, port: nsd.port };
const unboundConf = lib.unboundConfig(
  hierarchy.dir,
  server,
  hierarchy.zones.map((z) => z.spec.origin),
);
const newResolver = () =>
  lib.createResolver({ servers: [server], trustAnchorFiles: [hierarchy.trustAnchorFile] });

async function ours(resolver) {
  const started = performance.now();
  const [enumResult, certResult] = await Promise.all([
    lib.lookupEnum(resolver, NUMBER, { suffix: SUFFIX }),
    lib.lookupCertificates(resolver, NUMBER, { suffix: SUFFIX }),
  ]);
  const ms = performance.now() - started;
  if (enumResult.status !== 'secure' || certResult.certificates.length !== 2)
    throw new Error(
      `unexpected result: ${enumResult.status} ${enumResult.reason} / ${certResult.reason}`,
    );
  return ms;
}

async function reference(ask) {
  const started = performance.now();
  const [a, b] = await Promise.all([ask(ENUM_NAME, 'NAPTR'), ask(CERT_NAME, 'SMIMEA')]);
  const ms = performance.now() - started;
  if (a.status !== 'secure' || b.status !== 'secure')
    throw new Error(`reference said ${a.status}/${b.status}`);
  return ms;
}

const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? '?'}`,
  iterations: ITERATIONS,
};
try {
  const cold = [];
  const warm = [];
  const delvMs = [];
  const unboundMs = [];
  await ours(newResolver()); // first run loads code paths
  for (let i = 0; i < ITERATIONS; i += 1) {
    const resolver = newResolver();
    cold.push(await ours(resolver));
    for (let j = 0; j < 5; j += 1) warm.push(await ours(resolver));
    delvMs.push(await reference((n, t) => lib.delv(server, hierarchy.delvAnchorFile, n, t)));
    unboundMs.push(
      await reference((n, t) => lib.unboundHost(unboundConf, hierarchy.trustAnchorFile, n, t)),
    );
  }
  const c = stats(cold);
  const w = stats(warm);
  const d = stats(delvMs);
  const u = stats(unboundMs);
  const ratio = (x, y) => Number((x / y).toPrecision(3));
  Object.assign(result, {
    lookup: `ENUM NAPTR + SMIMEA for ${NUMBER} under ${SUFFIX} (both in parallel), validated from the local root`,
    yakkerColdMs: c,
    yakkerWarmMs: w,
    delvMs: d,
    unboundHostMs: u,
    ratios: {
      coldVsUnboundHost: ratio(c.median, u.median),
      coldVsDelv: ratio(c.median, d.median),
      warmVsDelv: ratio(w.median, d.median),
      warmVsUnboundHost: ratio(w.median, u.median),
    },
    note: 'delv and unbound-host: one process per query (2 in parallel), so always cold and including process start',
  });
} catch (error) {
  result.error = error instanceof Error ? error.message : String(error);
} finally {
  await nsd.stop();
  rmSync(hierarchy.dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
