/**
 * Removing a linked device in Settings → Devices on a real devnet (docs/pairing.md §13), through
 * the web bridge in Debian's Chromium with a private gnome-keyring: alice's seeded key is
 * imported with `yakker keys import`, two devices she linked are in the app's list (the list
 * file as pairing writes it: the pairing UI itself is pairing.spec.ts). Remove asks in plain
 * words; after “Remove and sign out” the device is gone, the other one must be linked again, the
 * screen shows the new security code, and the directory's DNS publishes that certificate only.
 * With the directory unreachable, the screen says why and offers “Try again”; restarted on the
 * real network, the app finishes by itself and says so. Screenshots; axe (light and dark).
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { startTestDevnet, type TestDevnet } from '../../support/devnet-cli';
import { dnsView } from '../../support/devnet-directory';
import {
  removeHome,
  startPrivateSession,
  type PrivateSession,
} from '../../support/private-keyring';
import { checkAxe, section } from '../support/two-devices';
import { expect, screenshotPath, startWebApp, test } from '../support/web-app';

let devnet: TestDevnet;
const cleanups: (() => Promise<void> | void)[] = [];

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  devnet = await startTestDevnet('yakker-revoke-e2e-');
});

test.afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await devnet?.down();
});

/** `yakker keys import` of a seeded demo key; returns its certificate's fingerprint. */
function importKey(session: PrivateSession, user: 'alice' | 'bob'): string {
  const account = devnet.account(user);
  const file = join(session.home, `${user}.pem`);
  writeFileSync(
    file,
    readFileSync(account.key ?? '', 'utf8') + readFileSync(account.certificate, 'utf8'),
    { mode: 0o600 },
  );
  execFileSync(process.execPath, ['bin/yakker.mjs', 'keys', 'import', file, '--name', user], {
    env: {
      PATH: process.env['PATH'] ?? '',
      ...session.env,
      YAKKER_KEYCHAIN_SERVICE: 'org.yakker.e2e-test',
    },
    stdio: 'pipe',
  });
  rmSync(file, { force: true });
  const der = new X509Certificate(readFileSync(account.certificate)).raw;
  return createHash('sha256').update(der).digest('hex');
}

interface Holder {
  session: PrivateSession;
  number: string;
  oldFingerprint: string;
  dataDir: string;
}

/** `user`'s seeded key in a fresh keychain, and two devices it was linked with in the list. */
async function holderOf(user: 'alice' | 'bob'): Promise<Holder> {
  const session = await startPrivateSession('unlocked');
  cleanups.push(async () => {
    await session.stop();
    removeHome(session);
  });
  const number = devnet.account(user).e164;
  const oldFingerprint = importKey(session, user);
  const dataDir = mkdtempSync(join(tmpdir(), 'yakker-revoke-e2e-data-'));
  cleanups.push(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });
  const linked = (id: string, name: string) => ({
    id,
    name,
    direction: 'sent-to',
    linkedAt: Date.parse('2026-11-20T10:00:00Z'),
    identityName: number,
    fingerprint: oldFingerprint,
  });
  writeFileSync(
    join(dataDir, 'linked-devices.json'),
    JSON.stringify([
      linked('00000000000000a1', 'Lost laptop'),
      linked('00000000000000b2', 'Kitchen PC'),
    ]),
  );
  return { session, number, oldFingerprint, dataDir };
}

/** The holder's web app on `profileFile`, opened on Settings → Devices (past the wizard). */
async function openHolder(browser: Browser, holder: Holder, profileFile = devnet.profileFile) {
  const { app, stop } = await startWebApp(
    { ...holder.session.env, YAKKER_NETWORK_PROFILE: profileFile },
    holder.dataDir,
  );
  const context = await browser.newContext({
    viewport: { width: 1200, height: 900 },
    bypassCSP: true, // axe is injected as a script
  });
  const close = async () => {
    await context.close();
    await stop();
  };
  cleanups.push(close);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(app.url);
  // The first-run wizard opens (no calling account here): "More → Set up later".
  const nav = page.getByRole('navigation', { name: 'Main' });
  const wizard = page.getByRole('heading', { name: "What's your number?" });
  await expect(nav.or(wizard)).toBeVisible({ timeout: 20_000 });
  if (await wizard.isVisible()) {
    await page.getByText('More', { exact: true }).click();
    await page.getByRole('button', { name: 'Set up later' }).click();
    await expect(nav).toBeVisible();
  }
  await section(page, 'Devices');
  return { page, problems, close };
}

/** SHA-256 fingerprints of the certificates DNS publishes for `number` (secure answers only). */
async function published(number: string): Promise<string[]> {
  const view = await dnsView(devnet.profile, number);
  expect(view.certStatus).toBe('secure');
  return view.certs.map((b64) =>
    createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex'),
  );
}

test('Remove → confirm → signed out, the other device links again, a new security code', async ({
  browser,
}) => {
  const holder = await holderOf('alice');
  const { page, problems } = await openHolder(browser, holder);
  const list = page.getByRole('list', { name: 'Linked devices' });
  await expect(list.getByText('Lost laptop', { exact: true })).toBeVisible();
  await list.getByRole('button', { name: 'Remove Lost laptop' }).click();
  const ask = page.getByRole('group', { name: 'Remove Lost laptop and sign it out?' });
  await expect(ask).toContainText(`make a new key for ${holder.number}`);
  await expect(ask).toContainText('Lost laptop keeps the messages it already has.');
  await expect(ask).toContainText('Your other linked device will need to be linked again');
  await expect(ask).toContainText('security code changed');
  await page.screenshot({ path: screenshotPath('revoke-confirm'), fullPage: true });
  await checkAxe(page, 'Settings → Devices, asking before removing a device');

  await ask.getByRole('button', { name: 'Remove and sign out' }).click();
  const done = page.getByRole('status').filter({ hasText: 'Lost laptop is signed out.' });
  await expect(done).toBeVisible({ timeout: 30_000 });
  await expect(done).toContainText('Your security code changed');
  const code = done.getByLabel(/^Fingerprint /);
  const newFingerprint = ((await code.getAttribute('aria-label')) ?? '').replace(
    'Fingerprint ',
    '',
  );
  expect(newFingerprint).toMatch(/^[0-9a-f]{64}$/);
  expect(newFingerprint).not.toBe(holder.oldFingerprint);
  await expect(code).toHaveText(newFingerprint.match(/.{4}/g)?.join(' ') ?? '');
  await expect(list.getByText('Lost laptop', { exact: true })).toHaveCount(0);
  await expect(list.getByText('Kitchen PC', { exact: true })).toBeVisible();
  await expect(list).toContainText('Still has your old key: link it again');
  // This device made the new key: no "replaced on another device" here, even with a cached answer.
  await expect(page.getByText(/was replaced on another of your devices/)).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('revoke-done'), fullPage: true });
  await checkAxe(page, 'Settings → Devices after removing a device');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: screenshotPath('revoke-done-dark'), fullPage: true });

  // The directory publishes the new certificate only, and Settings → Advanced shows it.
  expect(await published(holder.number)).toEqual([newFingerprint]);
  // Kitchen PC only has the revoked key: removing it just forgets it, no second new key.
  await list.getByRole('button', { name: 'Remove Kitchen PC' }).click();
  const forget = page.getByRole('group', { name: 'Remove Kitchen PC from this list?' });
  await expect(forget).toContainText('already can’t call or send messages as you');
  await forget.getByRole('button', { name: 'Remove from list' }).click();
  await expect(page.getByText('No linked devices yet.')).toBeVisible();
  expect(await published(holder.number)).toEqual([newFingerprint]);
  await section(page, 'Advanced');
  await expect(page.getByLabel(`Fingerprint ${newFingerprint}`)).toBeVisible();
  expect(problems).toEqual([]);
});

test('the directory down midway: the reason and “Try again”; after a restart it finishes by itself', async ({
  browser,
}) => {
  const holder = await holderOf('bob');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve)); // nothing listens there now
  const deadProfile = join(devnet.stateDir, 'dead-directory.json'); // beside devnet.json: same relative paths
  const profile = JSON.parse(readFileSync(devnet.profileFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(
    deadProfile,
    JSON.stringify({ ...profile, directoryUrl: `https://127.0.0.1:${String(port)}` }),
  );
  const first = await openHolder(browser, holder, deadProfile);
  const list = first.page.getByRole('list', { name: 'Linked devices' });
  await list.getByRole('button', { name: 'Remove Lost laptop' }).click();
  await first.page.getByRole('button', { name: 'Remove and sign out' }).click();
  const failed = first.page.getByRole('alert').filter({ hasText: 'is not finished' });
  await expect(failed).toContainText('Removing Lost laptop is not finished.');
  await expect(failed).toContainText('directory');
  await expect(failed).toContainText('Nothing is lost');
  await expect(list.getByText('Lost laptop', { exact: true })).toBeVisible();
  await expect(list.getByRole('button', { name: 'Remove Kitchen PC' })).toBeDisabled();
  await first.page.screenshot({ path: screenshotPath('revoke-failed'), fullPage: true });
  await checkAxe(first.page, 'Settings → Devices, a removal that failed');
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(failed).toContainText('Removing Lost laptop is not finished.');
  expect(await published(holder.number)).toEqual([holder.oldFingerprint]);
  expect(first.problems).toEqual([]);
  await first.close();

  // Restarted on the real network: it resumes at start-up and says what happened.
  const second = await openHolder(browser, holder);
  const done = second.page.getByRole('status').filter({ hasText: 'Lost laptop is signed out.' });
  await expect(done).toBeVisible({ timeout: 30_000 });
  const newFingerprint = (
    (await done.getByLabel(/^Fingerprint /).getAttribute('aria-label')) ?? ''
  ).replace('Fingerprint ', '');
  const secondList = second.page.getByRole('list', { name: 'Linked devices' });
  await expect(secondList.getByText('Lost laptop', { exact: true })).toHaveCount(0);
  expect(await published(holder.number)).toEqual([newFingerprint]);
  expect(second.problems).toEqual([]);
});
