import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshotPath, test } from '../support/web-app';

const SCREENS = [
  { link: 'Chats', heading: 'Chats', hash: '#/chats' },
  { link: 'Calls', heading: 'Calls', hash: '#/calls' },
  { link: 'Contacts', heading: 'Contacts', hash: '#/contacts' },
  { link: 'Settings', heading: 'Settings', hash: '#/settings/account' },
] as const;

test('the app loads through the web bridge and opens on Chats', async ({ appPage: page }) => {
  await expect(page).toHaveTitle('Yakker');
  await expect(page.getByRole('heading', { level: 1, name: 'Chats' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Start a conversation' })).toBeVisible();
  // The token left the address bar once read.
  expect(page.url()).not.toContain('token=');
  // The status area says why we are not connected, in plain words.
  await expect(page.getByRole('status').first()).toContainText('No account yet');
});

for (const theme of ['light', 'dark'] as const) {
  test(`every screen renders (${theme})`, async ({ appPage: page }) => {
    await page.emulateMedia({ colorScheme: theme });
    for (const screen of SCREENS) {
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: screen.link })
        .click();
      await expect(page.getByRole('heading', { level: 1, name: screen.heading })).toBeVisible();
      expect(new URL(page.url()).hash).toBe(screen.hash);
      await page.screenshot({ path: screenshotPath(`${screen.link.toLowerCase()}-${theme}`) });
    }
    for (const section of ['Devices', 'Privacy', 'Audio', 'Appearance', 'Advanced', 'About']) {
      await page.getByRole('link', { name: section }).click();
      await expect(
        page.getByRole('heading', { level: 2, name: new RegExp(section) }),
      ).toBeVisible();
    }
    await page.screenshot({ path: screenshotPath(`settings-about-${theme}`) });
  });
}

test('navigation works by keyboard alone', async ({ appPage: page }) => {
  // Tab order starts with the skip link, then the rail.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Chats' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Calls' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Calls' })).toBeVisible();

  await page.keyboard.press('Alt+4');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { level: 1, name: 'Chats' })).toBeVisible();

  await page.keyboard.press('Control+k');
  await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search contacts' })).toBeFocused();
  await page.screenshot({ path: screenshotPath('keyboard-contacts-search') });
});

test('the dialer formats as you type, and a call that cannot happen says why', async ({
  appPage: page,
}) => {
  await page.getByRole('link', { name: 'Calls' }).click();
  const field = page.getByRole('textbox', { name: 'Phone number or address' });
  await expect(field).toBeFocused();
  await expect(page.getByRole('button', { name: 'Call' })).toBeDisabled();
  await page.keyboard.type('2025550123');
  await expect(field).toHaveValue('(202) 555-0123');
  await expect(page.locator('#dialer-hint')).toHaveText('Phone number');
  await page.getByRole('button', { name: 'Delete last digit' }).click();
  await expect(field).toHaveValue('(202) 555-012');
  await page.getByRole('button', { name: '3', exact: true }).click();
  await expect(field).toHaveValue('(202) 555-0123');
  await page.screenshot({ path: screenshotPath('dialer-typed') });
  // No network profile and no network here: the lookup fails, and the dialer says why (under
  // the field while typing, and again when Enter tries to call).
  await expect(page.locator('#dialer-target')).toContainText('could not be reached');
  await page.keyboard.press('Enter');
  const toast = page.locator('.toast');
  await expect(toast).toContainText('The directory could not be reached');
  await page.screenshot({ path: screenshotPath('dialer-not-available') });
  await page.keyboard.press('Escape');
  await expect(toast).toHaveCount(0);
});

test('settings are kept by main: theme and name survive a reload', async ({
  appPage: page,
  webApp,
}) => {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Appearance' }).click();
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('link', { name: 'Account' }).click();
  await page.getByRole('textbox', { name: /Your name/ }).fill('Ana Lima');
  await page.keyboard.press('Enter');
  await expect(page.locator('.rail-me')).toHaveAttribute('aria-label', /^Ana Lima\./);
  await page.screenshot({ path: screenshotPath('settings-account-dark') });

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('.rail-me')).toHaveAttribute('aria-label', /^Ana Lima\./);
  const saved = JSON.parse(readFileSync(join(webApp.dataDir, 'settings.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  expect(saved).toMatchObject({ theme: 'dark', displayName: 'Ana Lima' });
});

test('a page opened without the one-time token cannot reach Yakker and says what to do', async ({
  page,
  webApp,
}) => {
  await page.goto(webApp.origin + '/');
  await expect(page.getByRole('alert')).toContainText("Yakker can't start here");
  await expect(page.getByRole('alert')).toContainText('npm run web');
  await page.screenshot({ path: screenshotPath('no-token') });
});
