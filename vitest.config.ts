import { defineConfig } from 'vitest/config';

const version = JSON.stringify(process.env['npm_package_version'] ?? '0.0.0-test');

export default defineConfig({
  define: { __YAKKER_VERSION__: version },
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Real servers: keep the 2-core machine calm, one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
