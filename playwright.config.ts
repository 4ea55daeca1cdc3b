import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium-path.mjs';

/**
 * End-to-end tests. "web": the real app (web host + renderer build) in Debian's Chromium through
 * the web bridge. "electron": the same smoke test in the Electron host, where an Electron binary
 * exists (it skips, saying so, where it does not). Run `npm run build` first (npm test does).
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1200, height: 760 },
    launchOptions: {
      executablePath: chromiumPath(),
      args: [...CHROMIUM_ARGS],
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'web', testDir: 'test/e2e/web' },
    { name: 'electron', testDir: 'test/e2e/electron' },
  ],
});
