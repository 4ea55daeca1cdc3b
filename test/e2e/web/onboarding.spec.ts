/**
 * First run on a real devnet (signed DNS, directory and provider APIs, Kamailio), through the
 * web bridge in Debian's Chromium, each app with its own private gnome-keyring: a new user goes
 * through the wizard (number → the code we sent, read from the directory's SMS sink by the test
 * → done), lands in the app registered, and sees the provider balance in Settings → Account;
 * a wrong code says how many tries are left. "I already have Yakker on another device" opens
 * the join flow. Screenshots of each step in test-results/screens/, axe on each.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { startTestDevnet, type TestDevnet } from '../../support/devnet-cli';
import {
  removeHome,
  startPrivateSession,
  type PrivateSession,
} from '../../support/private-keyring';
import { httpsCall } from '../../support/provider-api-client';
import { checkAxe } from '../support/two-devices';
import { expect, screenshotPath, startWebApp, test } from '../support/web-app';

let devnet: TestDevnet;
const cleanups: (() => Promise<void>)[] = [];

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  devnet = await startTestDevnet('yakker-onboarding-e2e-');
});

// Each test's browser context, web host and keyring stop with the test.
test.afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

test.afterAll(async () => {
  await devnet?.down();
});

interface Opened {
  page: Page;
  problems: string[];
}

/** A fresh web app on the devnet with its own keychain, opened in its own browser context. */
async function openFresh(browser: Browser): Promise<Opened> {
  const session: PrivateSession = await startPrivateSession('unlocked');
  cleanups.push(async () => {
    await session.stop();
    removeHome(session);
  });
  const { app, stop } = await startWebApp({
    ...session.env,
    YAKKER_NETWORK_PROFILE: devnet.profileFile,
  });
  cleanups.push(stop);
  // axe is injected as a script, which the app's CSP forbids; the app itself is unchanged.
  // The provider's top-up page has a devnet-CA certificate, which Chromium does not know.
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1200, height: 760 },
    bypassCSP: true,
  });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  // Records whether the main screens ever showed before the wizard (they must not flash).
  await page.addInitScript(() => {
    const w = window as unknown as { __navSeen?: boolean };
    w.__navSeen = false;
    new MutationObserver(() => {
      if (document.querySelector('nav[aria-label="Main"]')) w.__navSeen = true;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(app.url);
  return { page, problems };
}

/** The latest code the directory texted to `number`, from its SMS sink. */
async function smsCode(number: string): Promise<string> {
  const caPem = readFileSync(devnet.profile.caCertFile, 'utf8');
  const url = `${devnet.profile.directoryUrl ?? ''}/v1/sms?number=${encodeURIComponent(number)}`;
  const reply = await httpsCall(caPem, url, 'GET', {});
  const messages = (reply.json as unknown as { messages: { text: string }[] }).messages;
  const code = /\b(\d{6})\b/.exec(messages.at(-1)?.text ?? '')?.[1];
  if (code === undefined) throw new Error(`no code for ${number}: ${reply.text}`);
  return code;
}

test('a new user signs up in the wizard and lands in the app registered, balance shown', async ({
  browser,
}) => {
  const { page, problems } = await openFresh(browser);
  const number = '+15550130';

  // Step 1: your number.
  await expect(page.getByRole('heading', { name: "What's your number?" })).toBeVisible({
    timeout: 20_000,
  });
  // A first start goes straight to the wizard: the main screens never showed in between.
  expect(await page.evaluate(() => (window as unknown as { __navSeen?: boolean }).__navSeen)).toBe(
    false,
  );
  const input = page.getByLabel('Your phone number');
  await expect(input).toBeFocused();
  await input.fill('+15550130');
  // Formatted as typed (libphonenumber-js); every digit kept.
  expect((await input.inputValue()).replace(/[^\d+]/g, '')).toBe(number);
  await page.screenshot({ path: screenshotPath('onboarding-1-number') });
  await checkAxe(page, 'welcome: your number');
  await page.getByRole('button', { name: 'Send me a code' }).click();

  // Step 2: the code we sent; the test network's hint links the simulated phone page.
  // Making the key in the keychain and asking the directory can take a while on a busy machine.
  await expect(page.getByRole('heading', { name: 'Enter the code we sent' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText(number)).toBeVisible();
  const hint = page.getByRole('link', { name: 'simulated phone page' });
  await expect(hint).toHaveAttribute('href', /\/sms\?number=%2B15550130$/);
  const code = await smsCode(number);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  await page.getByRole('textbox', { name: 'The code' }).fill(wrong);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText("That code isn't right. 4 tries left.", {
    timeout: 15_000,
  });
  await page.screenshot({ path: screenshotPath('onboarding-2-code-wrong') });
  await checkAxe(page, 'welcome: the code, wrong');
  await page.getByRole('textbox', { name: 'The code' }).fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();

  // Step 3: done.
  await expect(page.getByRole('heading', { name: "You're all set" })).toBeVisible({
    timeout: 30_000,
  });
  await page.screenshot({ path: screenshotPath('onboarding-3-done') });
  await checkAxe(page, 'welcome: done');
  await page.getByRole('button', { name: 'Start using Yakker' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.locator('.status-bar')).toHaveAttribute('data-state', 'registered', {
    timeout: 30_000,
  });

  // Settings → Account: the provider's balance, a rate, and Top up opens the provider's page.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Account' }).click();
  const balance = page.getByTestId('provider-balance');
  await expect(balance).toHaveText(/^[A-Z]{3} 0\.00$/, { timeout: 15_000 });
  await expect(page.getByText(/a minute$/)).toBeVisible();
  await page.screenshot({ path: screenshotPath('onboarding-4-account-balance'), fullPage: true });
  await checkAxe(page, 'settings: account with provider');
  const [topUp] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('button', { name: 'Top up' }).click(),
  ]);
  const providerOrigin = new URL(devnet.profile.providers[0]?.apiUrl ?? '').origin;
  await expect.poll(() => topUp.url()).toMatch(new RegExp(`^${providerOrigin}/top-up/`));
  // The provider's page (devnet: no payment taken) adds credit; back in the app, the balance
  // follows when the window regains focus.
  await topUp.getByRole('button', { name: 'Add credit' }).click();
  await expect(topUp.getByText(/added|credit/i).first()).toBeVisible();
  await topUp.close();
  await page.bringToFront();
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(balance).not.toHaveText(/ 0\.00$/, { timeout: 15_000 });
  await page.screenshot({ path: screenshotPath('onboarding-5-after-top-up'), fullPage: true });
  expect(problems).toEqual([]);
});

test('"I already have Yakker on another device" opens the join flow', async ({ browser }) => {
  const { page, problems } = await openFresh(browser);
  await expect(page.getByRole('heading', { name: "What's your number?" })).toBeVisible({
    timeout: 20_000,
  });
  await page.getByRole('button', { name: 'I already have Yakker on another device' }).click();
  await expect(page.getByRole('heading', { name: 'Link this device' })).toBeVisible();
  await expect(page.getByLabel('Name of this device')).toBeVisible();
  await page.screenshot({ path: screenshotPath('onboarding-join') });
  await checkAxe(page, 'welcome: join');
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByText('More', { exact: true }).click();
  await page.getByRole('button', { name: 'I have a SIP account' }).click();
  await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
  // "Later" is remembered: a reload opens the app, not the wizard.
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('heading', { name: "What's your number?" })).toHaveCount(0);
  expect(problems).toEqual([]);
});
