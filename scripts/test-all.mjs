// `npm test`: everything, in the order a failure is cheapest to find: typecheck and bundle, lint
// and format, unit and integration tests (vitest, real servers), end-to-end tests (Playwright in
// Debian's Chromium through the web bridge; Electron where its binary exists). Ends with one
// line "N passed, N failed, N skipped" and lists every skipped test with its reason.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const results = 'test-results';
mkdirSync(results, { recursive: true });
const home = mkdtempSync(join(tmpdir(), 'yakker-test-home-')); // Chromium writes into $HOME
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };

function step(title, command, args, extraEnv = {}) {
  process.stdout.write(`\n== ${title}: ${command} ${args.join(' ')}\n`);
  const run = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return run.status ?? 1;
}

let failedSteps = [];
if (step('typecheck and build', 'npm', ['run', '--silent', 'build']) !== 0) {
  process.stdout.write('\nThe build failed; no tests ran.\n0 passed, 1 failed\n');
  process.exit(1);
}
if (step('lint and format', 'npm', ['run', '--silent', 'lint']) !== 0) failedSteps.push('lint');

const vitestJson = join(results, 'vitest.json');
const playwrightJson = join(results, 'playwright.json');
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });
step('unit and integration tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
// Calls send real media (WebRTC between two Chromiums): the end-to-end tests run in a network
// namespace that has only loopback (`unshare -n`, needs root or user namespaces), so no packet can
// leave the machine. Where that is not possible they run as before and the media specs skip,
// saying why (test/e2e/support/loopback-only.ts).
const playwright = ['playwright', 'test', '--reporter=list,json'];
const isolated =
  spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
if (!isolated)
  process.stdout.write('\n(no loopback-only network namespace here: media tests will skip)\n');
step(
  `end-to-end tests${isolated ? ' (loopback-only network namespace)' : ''}`,
  ...(isolated
    ? ['unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec npx "$@"', 'sh', ...playwright]]
    : ['npx', playwright]),
  { HOME: home, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
);
rmSync(home, { recursive: true, force: true });

const counts = { passed: 0, failed: 0, skipped: 0 };
const skipped = [];
if (existsSync(vitestJson)) {
  for (const file of JSON.parse(readFileSync(vitestJson, 'utf8')).testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) counts.failed++; // a file that failed to load
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'passed') counts.passed++;
      else if (t.status === 'failed') counts.failed++;
      else {
        counts.skipped++;
        skipped.push(`vitest: ${t.fullName}`);
      }
    }
  }
} else failedSteps.push('vitest (no report)');
if (existsSync(playwrightJson)) {
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const status = t.results?.at(-1)?.status ?? t.status;
        if (t.status === 'skipped' || status === 'skipped') {
          counts.skipped++;
          const reason =
            t.annotations?.find((a) => a.type === 'skip')?.description ?? 'no reason given';
          skipped.push(`playwright [${t.projectName}]: ${spec.title} — ${reason}`);
        } else if (t.status === 'expected' || t.status === 'flaky') counts.passed++;
        else counts.failed++;
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of JSON.parse(readFileSync(playwrightJson, 'utf8')).suites ?? []) walk(suite);
} else failedSteps.push('playwright (no report)');

process.stdout.write('\n== summary\n');
for (const line of skipped) process.stdout.write(`skipped: ${line}\n`);
for (const s of failedSteps) process.stdout.write(`failed step: ${s}\n`);
counts.failed += failedSteps.length;
process.stdout.write(
  `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
);
process.exit(counts.failed === 0 && counts.passed > 0 ? 0 : 1);
