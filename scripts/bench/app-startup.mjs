// Web host cold start to first paint, and the renderer bundle's size. Needs `npm run build`.
// Prints one JSON object. The browser is launched once beforehand and not counted: what is
// measured is our part (node start, services, HTTP, bundle parse, React's first render).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium-path.mjs';

const RUNS = 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bundleSize() {
  const dir = 'dist/renderer/assets';
  const files = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f));
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    raw += statSync(join(dir, f)).size;
    gzip += gzipSync(readFileSync(join(dir, f))).length;
  }
  return { files: files.length, rawBytes: raw, gzipBytes: gzip };
}

async function startHost(dataDir) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/main/web-host.mjs', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.once('exit', () => reject(new Error('host exited')));
  });
  return { child, url, t0, listeningMs: performance.now() - t0 };
}

const home = mkdtempSync(join(tmpdir(), 'yakker-bench-home-'));
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  env: { ...process.env, HOME: home },
  args: CHROMIUM_ARGS,
});
const listening = [];
const toRail = [];
const fcp = [];
for (let i = 0; i < RUNS; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'yakker-bench-'));
  const host = await startHost(dataDir);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(host.url);
  await page.waitForSelector('nav[aria-label="Main"]');
  toRail.push(performance.now() - host.t0);
  listening.push(host.listeningMs);
  fcp.push(
    await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    ),
  );
  await context.close();
  host.child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
await browser.close();
rmSync(home, { recursive: true, force: true });

const round = (x) => Math.round(x * 10) / 10;
process.stdout.write(
  `${JSON.stringify({
    runs: RUNS,
    webHostListeningMs: round(median(listening)),
    webHostColdStartToAppShownMs: round(median(toRail)),
    pageFirstContentfulPaintMs: round(median(fcp.filter((x) => x !== null))),
    rendererBundle: bundleSize(),
  })}\n`,
);
