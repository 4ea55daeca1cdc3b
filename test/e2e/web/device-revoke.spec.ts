/**
 * Removing a linked device in Settings → Devices on a real devnet (docs/pairing.md §13), through
 * the web bridge in Debian's Chromium with a private gnome-keyring: alice's seeded key is
 * imported with `yakker keys import`, two devices she linked are in the app's list (the list
 * file as pairing writes it: the pairing UI itself is pairing.spec.ts). Remove asks in plain
 * words; after “Remove and sign out” the device is gone, the other one must be linked again, the
 * screen shows the new security code, and the directory's DNS publishes that certificate only.
 * Screenshots; axe (light and dark) on both screens.
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

function importAlice(session: PrivateSession): string {
  const account = devnet.account('alice');
  const file = join(session.home, 'alice.pem');
  writeFileSync(
    file,
    readFileSync(account.key ?? '', 'utf8') + readFileSync(account.certificate, 'utf8'),
    { mode: 0o600 },
  );
  execFileSync(process.execPath, ['bin/yakker.mjs', 'keys', 'import', file, '--name', 'alice'], {
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

test('Remove → confirm → signed out, the other device links again, a new security code', async ({
  browser,
}) => {
  const session = await startPrivateSession('unlocked');
  cleanups.push(async () => {
    await session.stop();
    removeHome(session);
  });
  const number = devnet.account('alice').e164;
  const oldFingerprint = importAlice(session);
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
  const { app, stop } = await startWebApp(
    { ...session.env, YAKKER_NETWORK_PROFILE: devnet.profileFile },
    dataDir,
  );
  cleanups.push(stop);
  const context = await browser.newContext({
    viewport: { width: 1200, height: 900 },
    bypassCSP: true,
  });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(app.url);
  await section(page, 'Devices');

  const list = page.getByRole('list', { name: 'Linked devices' });
  await expect(list.getByText('Lost laptop', { exact: true })).toBeVisible();
  await list.getByRole('button', { name: 'Remove Lost laptop' }).click();
  const ask = page.getByRole('group', { name: 'Remove Lost laptop and sign it out?' });
  await expect(ask).toContainText(`make a new key for ${number}`);
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
  expect(newFingerprint).not.toBe(oldFingerprint);
  await expect(code).toHaveText(newFingerprint.match(/.{4}/g)?.join(' ') ?? '');
  await expect(list.getByText('Lost laptop', { exact: true })).toHaveCount(0);
  await expect(list.getByText('Kitchen PC', { exact: true })).toBeVisible();
  await expect(list).toContainText('Still has your old key: link it again');
  await page.screenshot({ path: screenshotPath('revoke-done'), fullPage: true });
  await checkAxe(page, 'Settings → Devices after removing a device');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: screenshotPath('revoke-done-dark'), fullPage: true });

  // The directory publishes the new certificate only, and Settings → Advanced shows it.
  const view = await dnsView(devnet.profile, number);
  expect(view.certStatus).toBe('secure');
  expect(
    view.certs.map((b64) => createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex')),
  ).toEqual([newFingerprint]);
  await section(page, 'Advanced');
  await expect(page.getByLabel(`Fingerprint ${newFingerprint}`)).toBeVisible();
  expect(problems).toEqual([]);
});
