/**
 * Two people on a real devnet for call tests: each gets a private gnome-keyring holding their
 * seeded demo identity (imported with the real `yakker keys import`), their own web app on the
 * devnet's network profile, and their own Chromium whose fake microphone plays a tone. The SIP
 * account is set up the way a person would: Settings → Account → Calling account.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/chromium-path.mjs';
import type { SeededAccount } from '../../../devnet/src/index';
import {
  removeHome,
  startPrivateSession,
  type PrivateSession,
} from '../../support/private-keyring';
import type { TestDevnet } from '../../support/devnet-cli';
import { trackPeerConnections } from './peer-connections';
import { writeToneWav } from './tone';
import { expect, startWebApp, type WebApp } from './web-app';

const root = resolve(import.meta.dirname, '../../..');

export interface CallDevice {
  user: 'alice' | 'bob';
  account: SeededAccount;
  app: WebApp;
  browser: Browser;
  page: Page;
  problems: string[];
  stop(): Promise<void>;
}

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'bin/yakker.mjs'), ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      done({ code, out });
    });
  });
}

/** Puts `account`'s demo key and certificate into the keychain of `session`, as the CLI does. */
/**
 * Chromium for a call page: a fake microphone playing `wav`, no permission prompts, loopback
 * allowed in ICE (run inside a loopback-only namespace), autoplay for the remote audio.
 */
export function launchCallBrowser(wav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

async function importIdentity(session: PrivateSession, account: SeededAccount, dir: string) {
  const pem = join(dir, `${account.user}.pem`);
  writeFileSync(
    pem,
    readFileSync(account.key ?? '', 'utf8') + readFileSync(account.certificate, 'utf8'),
    { mode: 0o600 },
  );
  const imported = await run(['--json', 'keys', 'import', pem, '--name', account.user], {
    ...session.env,
    YAKKER_KEYCHAIN_SERVICE: 'org.yakker.e2e-test',
  });
  rmSync(pem, { force: true });
  if (imported.code !== 0) throw new Error(`yakker keys import failed: ${imported.out}`);
}

/** Opens `user`'s app on `devnet` in a Chromium whose microphone plays `toneHz`, signed in. */
export async function openCallDevice(
  devnet: TestDevnet,
  user: 'alice' | 'bob',
  toneHz: number,
): Promise<CallDevice> {
  const account = devnet.account(user);
  const dir = mkdtempSync(join(tmpdir(), `yakker-call-${user}-`));
  const session = await startPrivateSession('unlocked');
  const cleanups: (() => Promise<void> | void)[] = [
    async () => {
      await session.stop();
      removeHome(session);
    },
    () => {
      rmSync(dir, { recursive: true, force: true });
    },
  ];
  const stop = async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  };
  try {
    await importIdentity(session, account, dir);
    const { app, stop: stopApp } = await startWebApp({
      ...session.env,
      YAKKER_NETWORK_PROFILE: devnet.profileFile,
    });
    cleanups.push(stopApp);
    const wav = join(dir, `${toneHz}hz.wav`);
    writeToneWav(wav, toneHz);
    const browser = await launchCallBrowser(wav);
    cleanups.push(() => browser.close());
    const context = await browser.newContext({
      viewport: { width: 1200, height: 760 },
      permissions: ['microphone', 'notifications'],
      bypassCSP: true, // for axe only; the app's own CSP is checked by the other specs
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      if (process.env['YAKKER_E2E_SIP_LOG'])
        appendFileSync(process.env['YAKKER_E2E_SIP_LOG'], `[${user}] ${m.text()}\n`);
    });
    await page.addInitScript(trackPeerConnections);
    if (process.env['YAKKER_E2E_SIP_LOG'])
      await page.addInitScript(() => {
        localStorage.setItem('debug', 'JsSIP:*');
      });
    await page.goto(app.url);
    // A fresh app may open on the first-run wizard: "More → I have a SIP account" leads to
    // Settings → Account, as it would for a person with a provider account.
    const nav = page.getByRole('navigation', { name: 'Main' });
    const wizard = page.getByRole('heading', { name: "What's your number?" });
    await expect(nav.or(wizard)).toBeVisible({ timeout: 20_000 });
    if (await wizard.isVisible()) {
      await page.getByText('More', { exact: true }).click();
      await page.getByRole('button', { name: 'I have a SIP account' }).click();
      await expect(nav).toBeVisible();
    }
    await signIn(page, account);
    return { user, account, app, browser, page, problems, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Settings → Account → Calling account: address, user name, password; waits for Ready. */
export async function signIn(page: Page, account: SeededAccount): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Account' }).click();
  await page.getByRole('textbox', { name: 'Address (SIP)' }).fill(account.sipUri);
  await page.getByRole('textbox', { name: 'User name' }).fill(account.sipUser);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.status-bar')).toHaveAttribute('data-state', 'registered', {
    timeout: 30_000,
  });
}
