/**
 * Chat between two app instances (web host + Debian Chromium through the web bridge) on a real
 * devnet: alice (+15550100, provider A) and bob (+15550101, provider B), each with their key in
 * their own private gnome-keyring and their account set up in Settings → Account. alice writes,
 * bob's list shows the unread chat, bob answers, both threads show the messages with delivery
 * states; after restarting bob's web host on the same data folder his history is still there.
 * axe checks the Chats screen with a thread open. Screenshots in test-results/screens/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import type { SeededAccount } from '../../../devnet/src/index';
import { startTestDevnet, type TestDevnet } from '../../support/devnet-cli';
import {
  removeHome,
  startPrivateSession,
  type PrivateSession,
} from '../../support/private-keyring';
import { checkAxe } from '../support/two-devices';
import { expect, screenshotPath, startWebApp, test } from '../support/web-app';

const SERVICE = 'org.yakker.e2e-test';

interface Person {
  account: SeededAccount;
  session: PrivateSession;
  page: Page;
  dataDir: string;
  problems: string[];
  stop: () => Promise<void>;
}

let devnet: TestDevnet;
const people: Person[] = [];
const folders: string[] = [];

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  devnet = await startTestDevnet('yakker-chat-e2e-');
});

test.afterAll(async () => {
  for (const p of people.splice(0)) {
    await p.stop();
    await p.session.stop();
    removeHome(p.session);
  }
  await devnet?.down();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** `yakker keys import` of the seeded demo key + certificate into this user's keychain. */
function importKey(session: PrivateSession, account: SeededAccount): void {
  const file = join(session.home, `${account.user}.pem`);
  writeFileSync(
    file,
    readFileSync(account.key ?? '', 'utf8') + readFileSync(account.certificate, 'utf8'),
    { mode: 0o600 },
  );
  execFileSync(
    process.execPath,
    ['bin/yakker.mjs', 'keys', 'import', file, '--name', account.user],
    {
      env: { PATH: process.env['PATH'] ?? '', ...session.env, YAKKER_KEYCHAIN_SERVICE: SERVICE },
      stdio: 'pipe',
    },
  );
}

/** A web app for `user` on the devnet, opened in its own browser context. */
async function open(
  browser: Browser,
  user: 'alice' | 'bob',
  reuse?: { session: PrivateSession; dataDir: string },
): Promise<Person> {
  const account = devnet.account(user);
  const session = reuse?.session ?? (await startPrivateSession('unlocked'));
  if (!reuse) importKey(session, account);
  // Our own data folder, kept across a restart of the web host, removed in afterAll.
  const dataDir = reuse?.dataDir ?? mkdtempSync(join(tmpdir(), `yakker-chat-e2e-${user}-`));
  if (!reuse) folders.push(dataDir);
  const { app, stop } = await startWebApp(
    { ...session.env, YAKKER_NETWORK_PROFILE: devnet.profileFile },
    dataDir,
  );
  const context = await browser.newContext({
    viewport: { width: 1200, height: 760 },
    // axe is injected as a script, which the app's CSP forbids; the app itself is unchanged.
    bypassCSP: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(app.url);
  // A first start without an account may open the welcome wizard; these users set up their
  // account in Settings instead (their keys are already in the keychain).
  await page.waitForFunction(
    () =>
      document.querySelector('nav[aria-label="Main"]') !== null ||
      location.hash.includes('welcome'),
  );
  if (page.url().includes('welcome')) {
    await page.evaluate(() => {
      location.hash = '#/settings/account';
    });
  }
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const person: Person = {
    account,
    session,
    page,
    dataDir: app.dataDir,
    problems,
    stop: async () => {
      await context.close();
      await stop();
    },
  };
  people.push(person);
  return person;
}

async function setUpAccount(p: Person): Promise<void> {
  const { page, account } = p;
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Account' }).click();
  await page.getByLabel('Address (SIP)').fill(account.sipUri);
  await page.getByLabel('User name').fill(account.sipUser);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('[data-sip-state="registered"]')).toBeVisible({ timeout: 30_000 });
}

async function openChat(page: Page, number: string): Promise<void> {
  await page.getByRole('link', { name: 'Chats' }).click();
  await page.getByRole('button', { name: 'New chat' }).first().click();
  await page.getByLabel('Phone number or address').fill(number);
  await page.getByRole('button', { name: 'Start chat' }).click();
}

let alice: Person;
let bob: Person;

test('alice and bob chat across providers; history survives a restart', async ({ browser }) => {
  alice = await open(browser, 'alice');
  bob = await open(browser, 'bob');
  await setUpAccount(alice);
  await setUpAccount(bob);

  await openChat(alice.page, '+1 555 0101');
  const aliceBox = alice.page.getByRole('textbox', { name: /^Message / });
  await aliceBox.fill('Hi Bob! Dinner at 7?');
  await aliceBox.press('Enter');
  const aliceLog = alice.page.getByRole('log', { name: /Messages with/ });
  await expect(aliceLog.getByText('Hi Bob! Dinner at 7?')).toBeVisible();
  await expect(aliceLog.locator('.delivery[data-state="sent"]')).toHaveCount(1, {
    timeout: 20_000,
  });

  // Bob: the chat appears with one unread message; opening it marks it read.
  await bob.page.getByRole('link', { name: 'Chats' }).click();
  const row = bob.page.getByRole('button', { name: /\+15550100.*Dinner at 7\?.*1 unread/ });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.click();
  const bobLog = bob.page.getByRole('log', { name: /Messages with/ });
  await expect(bobLog.getByText('Hi Bob! Dinner at 7?')).toBeVisible();
  await expect(bob.page.getByText('1 unread')).toHaveCount(0);
  const bobBox = bob.page.getByRole('textbox', { name: /^Message / });
  await bobBox.fill('Yes! See you there.');
  await bob.page.getByRole('button', { name: 'Send' }).click();
  await expect(bobLog.locator('.delivery[data-state="sent"]')).toHaveCount(1, { timeout: 20_000 });
  await expect(aliceLog.getByText('Yes! See you there.')).toBeVisible({ timeout: 20_000 });

  await checkAxe(alice.page, 'chat thread');
  await alice.page.screenshot({ path: screenshotPath('chat-alice-thread') });
  await bob.page.screenshot({ path: screenshotPath('chat-bob-thread') });

  // Restart bob's app on the same data folder and keychain: the thread is still there.
  const { session, dataDir } = bob;
  people.splice(people.indexOf(bob), 1);
  await bob.stop();
  bob = await open(browser, 'bob', { session, dataDir });
  await bob.page.getByRole('link', { name: 'Chats' }).click();
  await bob.page.getByRole('button', { name: /\+15550100/ }).click();
  const again = bob.page.getByRole('log', { name: /Messages with/ });
  await expect(again.getByText('Hi Bob! Dinner at 7?')).toBeVisible();
  await expect(again.getByText('Yes! See you there.')).toBeVisible();
  expect([...alice.problems, ...bob.problems]).toEqual([]);
});

test('an empty or unreadable address says what to type; keyboard reaches every control', async () => {
  const page = alice.page;
  await page.getByRole('link', { name: 'Chats' }).click();
  await page.getByRole('button', { name: 'New chat' }).first().click();
  await page.getByLabel('Phone number or address').fill('12');
  await page.getByLabel('Phone number or address').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Type a phone number' })).toBeVisible();
  await page.getByLabel('Phone number or address').press('Escape');
  await expect(page.getByLabel('Phone number or address')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('chat-list') });
});

test('bob gets a new key: alice is warned and sending waits for her acknowledgement', async ({
  browser,
}) => {
  // New keys and certificates for both, published in the directory (seed makes missing ones).
  for (const user of ['alice', 'bob']) {
    rmSync(join(devnet.stateDir, 'demo-users', `${user}.key.pem`));
    rmSync(join(devnet.stateDir, 'demo-users', `${user}.cert.pem`));
  }
  reseed();
  // Restart alice on her data folder: a fresh resolver cache sees the new record at once.
  const { session, dataDir } = alice;
  people.splice(people.indexOf(alice), 1);
  await alice.stop();
  alice = await open(browser, 'alice', { session, dataDir });
  const page = alice.page;
  await page.getByRole('link', { name: 'Chats' }).click();
  await page.getByRole('button', { name: /\+15550101/ }).click();
  const box = page.getByRole('textbox', { name: /^Message / });
  await box.fill('Is this still you?');
  await box.press('Enter');
  const notice = page.getByRole('region', { name: 'Security key changed' });
  await expect(notice).toBeVisible({ timeout: 20_000 });
  await expect(notice).toContainText("+15550101's security key changed");
  await expect(page.getByText(/changed\. Review the change, then retry/)).toBeVisible();
  await expect(box).toBeDisabled();
  await expect(page.getByText(/Sending is paused until you review/)).toBeVisible();
  await expect(
    page.getByRole('button', { name: /\+15550101.*Security key changed/ }),
  ).toBeVisible();
  await checkAxe(page, 'key change notice');
  await page.screenshot({ path: screenshotPath('chat-key-changed') });

  await notice.getByRole('button', { name: 'I understand, continue' }).click();
  await expect(notice).toHaveCount(0);
  await expect(box).toBeEnabled();
  expect(alice.problems).toEqual([]);
});

/**
 * `yakker devnet seed` again: it publishes the new keys, by SMS code (a new key is a new
 * registration); within a minute of the first seed it waits out the one-code-a-minute limit.
 */
function reseed(): void {
  execFileSync(process.execPath, ['bin/yakker.mjs', 'devnet', 'seed', '--state', devnet.stateDir], {
    env: { PATH: process.env['PATH'] ?? '' },
    stdio: 'pipe',
  });
}
