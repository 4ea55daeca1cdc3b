import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Runs once before any vitest file: bundles the Node entry points (the `yakker` CLI and the web
 * host), so tests that spawn `node bin/yakker.mjs` use today's code and no test file builds on
 * its own (several builds at once used to race).
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', 'node'], {
    cwd: resolve(import.meta.dirname, '../..'),
    stdio: 'inherit',
  });
}
