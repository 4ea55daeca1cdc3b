import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export interface WebApp {
  /** The address `npm run web` prints, token included. */
  url: string;
  origin: string;
  dataDir: string;
}

const root = resolve(import.meta.dirname, '../../..');

/** Starts the real web host (dist/main/web-host.mjs) on a free loopback port with its own data folder. */
/**
 * No test may touch the keychain of the person running it: by default the web host gets a D-Bus
 * address that leads nowhere (so the keychain is "unavailable"); tests that need a keychain
 * start a private gnome-keyring and pass its environment.
 */
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/yakker-e2e-no-bus' };

export async function startWebApp(
  env: Record<string, string> = NO_KEYCHAIN,
  /** An existing data folder (a restart): used as it is and left in place on stop. */
  existingDataDir?: string,
): Promise<{ app: WebApp; stop: () => Promise<void> }> {
  const dataDir = existingDataDir ?? mkdtempSync(join(tmpdir(), 'yakker-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'dist/main/web-host.mjs'), '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, YAKKER_KEYCHAIN_SERVICE: 'org.yakker.e2e-test', ...env },
    },
  );
  const url = await new Promise<string>((resolvePromise, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      reject(new Error(`web host did not start: ${out}${err}`));
    }, 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[0]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}: ${out}${err}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (existingDataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  return { app: { url, origin: new URL(url).origin, dataDir }, stop };
}

/** Each test gets its own running app and a page already showing it. */
export const test = base.extend<{ webApp: WebApp; appPage: Page }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  webApp: async ({}, use) => {
    const { app, stop } = await startWebApp();
    await use(app);
    await stop();
  },
  appPage: async ({ page, webApp }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(webApp.url);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await use(page);
    expect(problems, 'no errors in the page (CSP violations, exceptions)').toEqual([]);
  },
});

export { expect };

/** Screenshots go under test-results/screens/ (look at them). */
export function screenshotPath(name: string): string {
  return join(root, 'test-results', 'screens', `${name}.png`);
}
