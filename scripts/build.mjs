// Bundles every entry point after `tsc -b` has type-checked them (npm run build does both).
// Node-side bundles keep npm packages external; the renderer is built by Vite.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build as viteBuild } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const define = { __YAKKER_VERSION__: JSON.stringify(pkg.version) };
const only = process.argv.slice(2); // e.g. `node scripts/build.mjs node` skips the renderer

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  define,
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
};
const results = await Promise.all([
  build({
    ...node,
    format: 'esm',
    // Split: modules loaded with import() (keys, pairing) become chunks that load on first use.
    splitting: true,
    chunkNames: '[name]-[hash]',
    entryPoints: { cli: 'main/cli/main.ts', 'web-host': 'main/hosts/web/web-main.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.mjs' },
  }),
  build({
    ...node,
    format: 'cjs',
    entryPoints: { 'electron-main': 'main/hosts/electron/electron-main.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
  }),
  build({
    ...node,
    format: 'cjs',
    entryPoints: { preload: 'preload/preload.ts' },
    outdir: 'dist/preload',
    outExtension: { '.js': '.cjs' },
    packages: undefined,
    external: ['electron'],
  }),
]);

// Remove what earlier builds left in dist/main (chunk names change with their content). The
// folder is never emptied first, so a CLI started during a build still finds its files.
const written = new Set(
  results.flatMap((r) => Object.keys(r.metafile.outputs)).map((p) => relative('.', p)),
);
for (const name of readdirSync('dist/main')) {
  const path = join('dist', 'main', name);
  if (!written.has(path)) rmSync(path, { force: true });
}

if (!only.includes('node')) {
  await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
}
