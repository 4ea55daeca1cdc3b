/**
 * Provider B's Kamailio restarted mid-session (issue 6, faults), on a real devnet with two apps in
 * Chromium: alice (provider A) and bob (provider B) are registered and have chatted. B's
 * Kamailio is killed (SIGKILL to every process of it: a crash). bob's status bar leaves
 * "registered" and says why; alice writes three messages meanwhile (her provider cannot reach
 * bob's: they wait in her outbox, "Waiting to send", nothing lost). B's Kamailio is started again
 * in its folder on its ports (as the devnet would): bob's app reconnects and registers by itself
 * (status back to registered), alice's queued messages go out, and bob's thread shows each of
 * them exactly once, in order; alice's show "Sent". Screenshots: test-results/screens/restart-*.png.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { kamailioPids, type DevnetProviderProfile } from '../../../devnet/src/index';
import type { KamailioProcess } from '../../../devnet/src/kamailio-process';
import { startTestDevnet, type TestDevnet } from '../../support/devnet-cli';
import { startKamailioAgain } from '../../support/kamailio-again';
import { openCallDevice, type CallDevice } from '../support/call-devices';
import { LOOPBACK_ONLY_REASON, loopbackOnly } from '../support/loopback-only';
import { expect, screenshotPath, test } from '../support/web-app';

test.skip(!loopbackOnly(), LOOPBACK_ONLY_REASON);
test.setTimeout(240_000);

let devnet: TestDevnet;
let alice: CallDevice;
let bob: CallDevice;
let restarted: KamailioProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  devnet = await startTestDevnet('yakker-e2e-restart-', { restart: false });
  alice = await openCallDevice(devnet, 'alice', 440);
  bob = await openCallDevice(devnet, 'bob', 660);
});

test.afterAll(async () => {
  test.setTimeout(90_000);
  await alice?.stop();
  await bob?.stop();
  await restarted?.stop();
  await devnet?.down();
});

async function openChat(page: Page, number: string): Promise<void> {
  await page.getByRole('link', { name: 'Chats' }).click();
  await page.getByRole('button', { name: 'New chat' }).first().click();
  await page.getByLabel('Phone number or address').fill(number);
  await page.getByRole('button', { name: 'Start chat' }).click();
}

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: /^Message / });
  await box.fill(text);
  await box.press('Enter');
  // The composer takes the next message once this one is stored (it empties then).
  await expect(box).toHaveValue('', { timeout: 15_000 });
}

const thread = (page: Page) => page.getByRole('log', { name: /Messages with/ });

/** Kills every process of the provider's Kamailio (a crash) and waits until none is left. */
async function crash(provider: DevnetProviderProfile): Promise<void> {
  const configPath = join(provider.stateDir, 'kamailio.cfg');
  const pids = await kamailioPids(configPath);
  expect(pids.length).toBeGreaterThan(0);
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  await expect(async () => {
    expect(await kamailioPids(configPath)).toEqual([]);
  }).toPass({ timeout: 10_000 });
}

test("bob's Kamailio crashes and comes back: bob re-registers, alice's messages meanwhile arrive once each", async () => {
  const b = devnet.profile.providers.find((p) => p.domain === bob.account.domain);
  if (b === undefined) throw new Error("no provider for bob's domain");

  // Before: they chat, so both threads exist.
  await openChat(alice.page, bob.account.e164);
  await send(alice.page, 'Before the crash');
  await expect(thread(alice.page).locator('.delivery[data-state="sent"]')).toHaveCount(1, {
    timeout: 20_000,
  });
  await bob.page.getByRole('link', { name: 'Chats' }).click();
  await bob.page.getByRole('button', { name: new RegExp(`\\${alice.account.e164}`) }).click();
  await expect(thread(bob.page).getByText('Before the crash')).toBeVisible({ timeout: 20_000 });

  await crash(b);
  // bob's app notices: no longer registered, and says what it is doing.
  const bobStatus = bob.page.locator('.status-bar');
  await expect(bobStatus).not.toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
  await bob.page.screenshot({ path: screenshotPath('restart-bob-offline') });

  const meanwhile = ['While you were away 1', 'While you were away 2', 'While you were away 3'];
  for (const text of meanwhile) await send(alice.page, text);
  const aliceThread = thread(alice.page);
  for (const text of meanwhile) await expect(aliceThread.getByText(text)).toBeVisible();
  // Nothing is lost and nothing claims to be delivered: they wait (or are retried), not failed.
  await expect(aliceThread.locator('.delivery[data-state="sending"]')).toHaveCount(0, {
    timeout: 30_000,
  });
  await expect(aliceThread.locator('.delivery[data-state="sent"]')).toHaveCount(1);
  await expect(aliceThread.locator('.delivery[data-state="failed"]')).toHaveCount(0);
  await alice.page.screenshot({ path: screenshotPath('restart-alice-waiting') });

  restarted = await startKamailioAgain(b);
  expect(restarted, 'Kamailio started again').toBeDefined();
  // bob's app reconnects and registers again by itself; the status says so.
  await expect(bobStatus).toHaveAttribute('data-state', 'registered', { timeout: 60_000 });

  // alice's messages go out once B is back; bob's thread shows each exactly once, in order.
  await expect(aliceThread.locator('.delivery[data-state="sent"]')).toHaveCount(4, {
    timeout: 90_000,
  });
  const bobThread = thread(bob.page);
  for (const text of meanwhile)
    await expect(bobThread.getByText(text, { exact: true })).toBeVisible({ timeout: 30_000 });
  const texts = await bobThread.locator('.bubble-text').allTextContents();
  expect(texts).toEqual(['Before the crash', ...meanwhile]);
  await bob.page.screenshot({ path: screenshotPath('restart-bob-thread') });
  expect(alice.problems).toEqual([]);
  expect(bob.problems).toEqual([]);
});
