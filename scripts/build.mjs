// Bundles every entry point after `tsc -b` has type-checked them (npm run build does both).
// Node-side bundles keep npm packages external; the renderer is built by Vite.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
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
};
await Promise.all([
  build({
    ...node,
    format: 'esm',
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
if (!only.includes('node')) {
  await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
}
