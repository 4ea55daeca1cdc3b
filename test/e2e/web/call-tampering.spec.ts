/**
 * Tampering shown on screen (issue 6), on a real devnet with two apps in Chromium: provider A's
 * route to provider B goes through a man in the middle (test/e2e/support/sip-tamper-proxy.ts:
 * TLS with B's own certificate towards A, A's towards B) that changes alice's INVITE to bob on
 * the way. First, untouched through the proxy, bob's app rings "Verified" (so the path works and
 * the change is what makes the difference). Then with one hex digit of a=fingerprint changed, and
 * separately one character of the Identity signature: bob's main refuses with 438, bob's app
 * never rings or makes a peer connection, alice's call screen says the call was blocked and why
 * (red badge, the reason in the details), stays until closed, and her peer connection never
 * connects (no media). Last, bob's answer is changed on the way (a=fingerprint in his 200): main
 * hands it to alice's JsSIP while checking it, the failed verdict ends the call as blocked on
 * alice's screen, and her peer connection never connects. Screenshots:
 * test-results/screens/calls-tamper-*.png.
 */
import { dirname } from 'node:path';
import type { Page } from '@playwright/test';
import { openProviderDb } from '../../../devnet/src/provider-db';
import type { DevnetProviderProfile } from '../../../devnet/src/index';
import { startTestDevnet, type TestDevnet } from '../../support/devnet-cli';
import { openCallDevice, type CallDevice } from '../support/call-devices';
import { LOOPBACK_ONLY_REASON, loopbackOnly } from '../support/loopback-only';
import { peerConnections } from '../support/peer-connections';
import { startTamperProxy, type TamperMode, type TamperProxy } from '../support/sip-tamper-proxy';
import { checkAxe } from '../support/two-devices';
import { expect, screenshotPath, test } from '../support/web-app';

test.skip(!loopbackOnly(), LOOPBACK_ONLY_REASON);
test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

let devnet: TestDevnet;
let alice: CallDevice;
let bob: CallDevice;
let proxy: TamperProxy;

function provider(domain: string): DevnetProviderProfile {
  const p = devnet.profile.providers.find((x) => x.domain === domain);
  if (p === undefined) throw new Error(`no provider ${domain}`);
  return p;
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  devnet = await startTestDevnet('yakker-e2e-tamper-');
  alice = await openCallDevice(devnet, 'alice', 440);
  bob = await openCallDevice(devnet, 'bob', 660);
  const a = provider(alice.account.domain);
  const b = provider(bob.account.domain);
  proxy = await startTamperProxy(devnet.profile, dirname(devnet.profileFile), a, b);
  // Provider A now reaches provider B through the proxy (Kamailio reads the route per request).
  await (await openProviderDb(a.stateDir, a.domain)).putPeer(b.domain, proxy.port);
});

test.afterAll(async () => {
  test.setTimeout(90_000);
  await alice?.stop();
  await bob?.stop();
  await proxy?.stop();
  await devnet?.down();
});

/** Watches bob's page from now on: did an incoming-call banner or a call screen ever appear? */
async function watchForRinging(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __rang?: boolean };
    w.__rang = false;
    const check = () => {
      if (document.querySelector('[role="alertdialog"], .call-screen')) w.__rang = true;
    };
    check();
    new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
  });
}

const everRang = (page: Page): Promise<boolean> =>
  page.evaluate(() => (window as unknown as { __rang?: boolean }).__rang === true);

/** alice's history lists the blocked call as failed, and neither page reported an error. */
async function expectLoggedFailed(): Promise<void> {
  await alice.page.getByRole('link', { name: 'Calls' }).click();
  await expect(alice.page.locator('.call-history-row').first()).toHaveAttribute(
    'data-outcome',
    'failed',
  );
  expect(alice.problems).toEqual([]);
  expect(bob.problems).toEqual([]);
}

async function callBob(): Promise<void> {
  const { page } = alice;
  await page.getByRole('link', { name: 'Calls' }).click();
  await page.getByRole('textbox', { name: 'Phone number or address' }).fill(bob.account.e164);
  await expect(page.locator('#dialer-target')).toContainText('Yakker, verified', {
    timeout: 15_000,
  });
  await page.keyboard.press('Enter');
}

test('through the proxy, untouched: bob rings "Verified" (the path works)', async () => {
  proxy.mode = 'pass';
  await callBob();
  const incoming = bob.page.getByRole('alertdialog', { name: 'Incoming call' });
  await expect(incoming).toBeVisible({ timeout: 20_000 });
  await expect(incoming.getByText('Verified', { exact: true })).toBeVisible();
  expect(proxy.invites).toHaveLength(1);
  expect(proxy.tampered).toEqual([]);
  await incoming.getByRole('button', { name: 'Decline' }).click();
  await expect(alice.page.locator('.call-state')).toHaveText('The call was declined.');
  for (const d of [alice, bob]) await expect(d.page.locator('.call-screen')).toBeHidden();
});

const cases: { mode: TamperMode; what: string; why: RegExp; shot: string }[] = [
  {
    mode: 'fingerprint',
    what: 'a=fingerprint changed on the way',
    why: /media keys \(a=fingerprint\) are not the ones they signed/,
    shot: 'calls-tamper-fingerprint-blocked',
  },
  {
    mode: 'identity',
    what: 'Identity signature changed on the way',
    why: /signature does not match/,
    shot: 'calls-tamper-identity-blocked',
  },
];

for (const c of cases) {
  test(`${c.what}: bob never rings, alice sees the call blocked and why, no media`, async () => {
    proxy.mode = c.mode;
    const tamperedBefore = proxy.tampered.length;
    const bobConnectionsBefore = (await peerConnections(bob.page)).length;
    const aliceConnectionsBefore = (await peerConnections(alice.page)).length;
    await watchForRinging(bob.page);
    await callBob();

    const screen = alice.page.locator('.call-screen');
    await expect(screen).toHaveAttribute('data-phase', 'ended', { timeout: 20_000 });
    expect(proxy.tampered.length).toBe(tamperedBefore + 1);
    await expect(screen.locator('.call-state')).toContainText(
      `Call blocked: ${bob.account.e164}'s app could not verify this call, so it never rang and no audio was sent.`,
    );
    await expect(screen.getByText("Can't verify — call blocked", { exact: true })).toBeVisible();
    // It stays (a security warning is not flashed for a moment) until closed.
    await alice.page.waitForTimeout(3000); // longer than an ordinary ended call stays (2.5 s)
    await expect(screen).toBeVisible();
    await alice.page.screenshot({ path: screenshotPath(c.shot) });
    await checkAxe(alice.page, 'blocked call screen');

    await alice.page.getByRole('button', { name: /^Verification details/ }).click();
    const details = alice.page.getByRole('dialog', { name: /Is this really/ });
    await expect(details).toContainText(
      `${bob.account.e164}'s app could not verify this call and refused it.`,
    );
    await expect(details).toContainText(c.why);
    await expect(details).toContainText('so Yakker blocked this call.');
    await alice.page.screenshot({ path: screenshotPath(`${c.shot}-details`) });
    await alice.page.keyboard.press('Escape');
    await alice.page.getByRole('button', { name: 'Close' }).click();
    await expect(screen).toBeHidden();

    // No media: alice's one peer connection for this call never connected; bob made none.
    const aliceConnections = (await peerConnections(alice.page)).slice(aliceConnectionsBefore);
    expect(aliceConnections).toHaveLength(1);
    expect(aliceConnections[0]).not.toContain('connected');
    expect((await peerConnections(bob.page)).length).toBe(bobConnectionsBefore);
    // bob's app never rang, and has no call to list for it.
    expect(await everRang(bob.page)).toBe(false);
    await bob.page.getByRole('link', { name: 'Calls' }).click();
    await expect(bob.page.locator('.call-history-row')).toHaveCount(1); // the declined one only
    await expectLoggedFailed();
  });
}

test("bob's answer changed on the way (a=fingerprint in his 200): alice's app ends the call as blocked, no media", async () => {
  proxy.mode = 'answer-fingerprint';
  const tamperedBefore = proxy.tampered.length;
  const aliceConnectionsBefore = (await peerConnections(alice.page)).length;
  await callBob();
  // bob's INVITE was untouched: he rings, verified, and answers.
  const incoming = bob.page.getByRole('alertdialog', { name: 'Incoming call' });
  await expect(incoming).toBeVisible({ timeout: 20_000 });
  await incoming.getByRole('button', { name: 'Accept' }).click();

  // Main hands the 200 to JsSIP while it checks it; the failed verdict ends the call.
  const screen = alice.page.locator('.call-screen');
  await expect(screen).toHaveAttribute('data-phase', 'ended', { timeout: 20_000 });
  expect(proxy.tampered.length).toBe(tamperedBefore + 1);
  await expect(screen.locator('.call-state')).toContainText(
    "Yakker blocked this call: The call's media keys (a=fingerprint) are not the ones they signed",
  );
  await expect(screen.getByText("Can't verify — call blocked", { exact: true })).toBeVisible();
  await alice.page.screenshot({ path: screenshotPath('calls-tamper-answer-blocked') });
  await alice.page.getByRole('button', { name: 'Close' }).click();
  await expect(screen).toBeHidden();
  // No media: the peer connection of this call never connected (its DTLS key is not the one
  // bob's answer names, and the call ended on the verdict).
  const aliceConnections = (await peerConnections(alice.page)).slice(aliceConnectionsBefore);
  expect(aliceConnections).toHaveLength(1);
  expect(aliceConnections[0]).not.toContain('connected');
  // bob's side ends too.
  await expect(bob.page.locator('.call-screen')).toBeHidden({ timeout: 15_000 });
  await expectLoggedFailed();
});
