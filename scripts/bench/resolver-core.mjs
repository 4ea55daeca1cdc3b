// Resolver core benchmark (no network): an in-memory upstream serving a zone signed at start
// with Ed25519 under a test trust anchor. Prints one JSON object:
//   warmCacheAnswersPerSecond   resolve() of names already in the answer cache
//   validatedAnswersPerSecond   fresh answers (one signature each; zone keys already cached)
//   coldLookupMs                first lookup with empty caches (DNSKEY + answer, 2 verifications)
//   memoryPer10kNamesBytes      heap growth after caching 10,000 validated names
// The delv / unbound-host comparisons on the loopback hierarchy live in their own bench script.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'yakker-bench-'));
const out = join(dir, 'bench-entry.mjs');
await build({
  stdin: {
    contents: `
      export { createResolver } from './main/resolver/create-resolver';
      export { TestZone } from './test/unit/resolver/support/test-signer';
      export { encodeMessage } from './test/unit/resolver/support/fake-dns';
      export { parseZoneText } from './main/resolver/wire/zone-text';
      export { nameKey } from './main/resolver/wire/name';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: out,
  logLevel: 'warning',
});
const m = await import(out);
rmSync(dir, { recursive: true, force: true });

const NAMES = 10_000;
const now = Date.UTC(2026, 0, 1);
const zone = new m.TestZone('bench.test.', 15);
const replies = new Map();
replies.set(
  'bench.test/48',
  m.encodeMessage({ qname: zone.origin, qtype: 48, answer: zone.keyAnswer() }),
);
for (let i = 0; i < NAMES + 2000; i++) {
  const recs = zone.signed(
    `h${i}.bench.test. 3600 A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
  );
  replies.set(
    `h${i}.bench.test/1`,
    m.encodeMessage({ qname: recs[0].owner, qtype: 1, answer: recs }),
  );
}
const transport = (q) => Promise.resolve(replies.get(`${m.nameKey(q.name)}/${q.type}`));
const make = () =>
  m.createResolver({
    transport,
    trustAnchors: [zone.anchor()],
    now: () => now,
    cache: { maxEntries: 50_000 },
  });

// Cold: empty caches, DNSKEY and answer validated.
let t = performance.now();
const cold = make();
const first = await cold.resolve('h0.bench.test', 'A');
const coldLookupMs = performance.now() - t;
if (first.status !== 'secure') throw new Error(`bench world does not validate: ${first.reason}`);

// Fresh answers with the zone keys cached: one query and one verification each.
const fresh = make();
await fresh.resolve('h0.bench.test', 'A');
const FRESH = 2000;
t = performance.now();
for (let i = NAMES; i < NAMES + FRESH; i++) await fresh.resolve(`h${i}.bench.test`, 'A');
const validatedAnswersPerSecond = FRESH / ((performance.now() - t) / 1000);

// Memory for 10,000 cached names.
globalThis.gc();
const before = process.memoryUsage().heapUsed;
const warm = make();
for (let i = 0; i < NAMES; i++) await warm.resolve(`h${i}.bench.test`, 'A');
globalThis.gc();
const memoryPer10kNamesBytes = process.memoryUsage().heapUsed - before;

// Warm cache: every answer already cached.
const ROUNDS = 100_000;
t = performance.now();
for (let i = 0; i < ROUNDS; i++) await warm.resolve(`h${i % NAMES}.bench.test`, 'A');
const warmCacheAnswersPerSecond = ROUNDS / ((performance.now() - t) / 1000);

process.stdout.write(
  `${JSON.stringify({
    warmCacheAnswersPerSecond: Math.round(warmCacheAnswersPerSecond),
    validatedAnswersPerSecond: Math.round(validatedAnswersPerSecond),
    coldLookupMs: Number(coldLookupMs.toFixed(2)),
    memoryPer10kNamesBytes,
    memoryPerNameBytes: Math.round(memoryPer10kNamesBytes / NAMES),
    cachedEntries: warm.stats().cachedEntries,
    node: process.versions.node,
  })}\n`,
);
