import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  removeHome,
  startPrivateSession,
  type PrivateSession,
} from '../../support/private-keyring';
import { expect, screenshotPath, startWebApp, test } from '../support/web-app';

const root = resolve(import.meta.dirname, '../../..');

test('without a keychain, Settings says what to do and makes no key', async ({ appPage: page }) => {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Advanced' }).click();
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('No usable OS keychain');
  await expect(alert).toContainText('never stores keys outside the keychain');
  // No way to make a key while the keychain is missing: nothing could store it.
  await expect(page.getByRole('button', { name: 'Make key' })).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('keys-no-keychain'), fullPage: true });
});

test.describe('with a real keychain', () => {
  let session: PrivateSession;
  test.beforeAll(async () => {
    session = await startPrivateSession('unlocked');
  });
  test.afterAll(async () => {
    await session.stop();
    removeHome(session);
  });

  test('a key made in the app lands in gnome-keyring, with the fingerprint the CLI sees', async ({
    page,
  }) => {
    const { app, stop } = await startWebApp(session.env);
    try {
      await page.goto(app.url);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('link', { name: 'Advanced' }).click();
      await expect(page.getByText('No keys yet.')).toBeVisible();
      await page.getByRole('textbox', { name: /Make a key/ }).fill('+15550100');
      await page.getByRole('button', { name: 'Make key' }).click();
      const item = page.getByRole('list', { name: 'Keys' }).getByRole('listitem');
      await expect(item).toHaveCount(1);
      await expect(item).toContainText('+15550100');
      await page.screenshot({ path: screenshotPath('keys-made'), fullPage: true });

      const listed = JSON.parse(
        execFileSync(
          process.execPath,
          [resolve(root, 'bin/yakker.mjs'), 'keys', 'list', '--json'],
          {
            env: {
              ...process.env,
              ...session.env,
              YAKKER_KEYCHAIN_SERVICE: 'org.yakker.e2e-test',
              YAKKER_DATA_DIR: app.dataDir,
            },
            encoding: 'utf8',
          },
        ),
      ) as unknown;
      const text = JSON.stringify(listed);
      const fingerprint = /"fingerprint":\s*"([0-9a-f]{64})"/.exec(text)?.[1];
      expect(fingerprint).toBeDefined();
      await expect(item.getByLabel(`Fingerprint ${fingerprint}`)).toBeVisible();
    } finally {
      await stop();
    }
  });
});
