// What the benchmark scripts share: bundling the TypeScript they measure (esbuild, into
// node_modules/.cache/yakker-bench, npm packages left external) and simple statistics.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Keeps `import.meta.dirname` and `import.meta.url` pointing at each source file once bundled
 * (test helpers find the repository from them; the bundle lives elsewhere, and node_modules may
 * be a symlink into another checkout).
 */
const sourceMeta = {
  name: 'source-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
      const text = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents: text, loader: 'ts' };
    });
  },
};

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
    plugins: [sourceMeta],
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

/** Runs the yakker CLI of this checkout (synchronously; stdout and stderr as text). */
export function yakkerCli(args) {
  return spawnSync(process.execPath, [join(root, 'bin/yakker.mjs'), ...args], { encoding: 'utf8' });
}

/**
 * Starts a devnet in a new temporary folder, runs `fn({ stateDir, profile })` (profile: the parsed
 * devnet.json) and always stops the devnet and removes the folder afterwards.
 */
export async function withDevnet(prefix, fn) {
  const stateDir = mkdtempSync(join(tmpdir(), prefix));
  try {
    const up = yakkerCli(['--json', 'devnet', 'up', '--state', stateDir]);
    if (up.status !== 0) throw new Error(`devnet up failed: ${up.stderr}`);
    const profile = JSON.parse(readFileSync(join(stateDir, 'devnet.json'), 'utf8'));
    return await fn({ stateDir, profile });
  } finally {
    yakkerCli(['devnet', 'down', '--state', stateDir]);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/**
 * BENCH_DEVNET_STATE: a devnet already running (its state folder, with the
 * `yakker --json devnet seed` output saved as seed.json), shaped like startTestDevnet's result and
 * left running afterwards.
 */
export function runningDevnet(stateDir) {
  const profile = JSON.parse(readFileSync(join(stateDir, 'devnet.json'), 'utf8'));
  const { accounts } = JSON.parse(readFileSync(join(stateDir, 'seed.json'), 'utf8'));
  return {
    stateDir,
    profileFile: join(stateDir, 'devnet.json'),
    profile,
    accounts,
    account: (user) => accounts.find((a) => a.user === user),
    down: () => Promise.resolve(),
  };
}
