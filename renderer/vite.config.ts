import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// The renderer bundle: served from app://yakker in Electron and from the web bridge.
// Relative base so the same files work under both.
export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: '../assets/brand',
  define: { __YAKKER_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // One module script, no inline code: the CSP allows 'self' only.
    modulePreload: { polyfill: false },
    // One bundle (React, router, phone-number metadata, icons): measured in docs/benchmarks.md.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      onLog(level, log, handler) {
        // lucide-react marks files "use client" (a React Server Components hint); meaningless here.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
});
