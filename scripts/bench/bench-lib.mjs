// What the benchmark scripts share: bundling the TypeScript they measure (esbuild, into
// node_modules/.cache/yakker-bench, npm packages left external) and simple statistics.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** Bundles `lines` (export statements, paths relative to the repository) and imports them. */
export async function loadTs(name, lines) {
  const outDir = join(root, 'node_modules', '.cache', 'yakker-bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    stdin: { contents: lines.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/** Median, p90 and minimum of millisecond samples, rounded to 0.01 ms. */
export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (x) => Math.round(x * 100) / 100;
  return { median: round(at(0.5)), p90: round(at(0.9)), min: round(sorted[0]), n: sorted.length };
}

/** Wall-clock milliseconds of one awaited call. */
export async function time(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
