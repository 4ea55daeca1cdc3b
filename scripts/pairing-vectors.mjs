// Regenerates test/fixtures/pairing-vectors.json (docs/pairing.md §9) from fixed keys by running
// the real pairing sessions: bundles test/support/pairing/pairing-vectors.ts with esbuild, runs it.
// Usage: node scripts/pairing-vectors.mjs   (then copy the printed values into docs/pairing.md)
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'pairing-vectors-'));
try {
  const outfile = join(dir, 'vectors.mjs');
  await build({
    entryPoints: [join(root, 'test/support/pairing/pairing-vectors.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
  });
  const { pairingVectorsJson } = await import(pathToFileURL(outfile).href);
  const vectors = pairingVectorsJson();
  const target = join(root, 'test/fixtures/pairing-vectors.json');
  writeFileSync(target, `${JSON.stringify(vectors, null, 2)}\n`);
  process.stdout.write(`wrote ${target}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
