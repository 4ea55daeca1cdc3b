/**
 * A legacy peer (issue 6), on a real devnet: carol is a plain SIP user on provider B (an
 * account with no Yakker certificate anywhere) whose phone is a real baresip, registered over
 * TCP, sending an 880 Hz tone. bob's app (WebRTC in Chromium, 660 Hz) calls her by SIP
 * address: the dialer says "SIP, not verified"; carol's baresip is offered plain RTP and answers;
 * Kamailio bridges the two through rtpengine (DTLS-SRTP with ICE on bob's leg, RTP/AVP on
 * hers, both counting packets); bob hears 880 Hz; his call screen says "Not verified" and its
 * details say why. Screenshots: test-results/screens/calls-legacy-*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openProviderDb } from '../../../devnet/src/provider-db';
import { startBaresipUa, type BaresipUa } from '../../support/baresip-ua';
import { startTestDevnet, type TestDevnet } from '../../support/devnet-cli';
import { rtpLegs, type RtpLeg } from '../../support/rtpengine-legs';
import { openCallDevice, type CallDevice } from '../support/call-devices';
import { LOOPBACK_ONLY_REASON, loopbackOnly } from '../support/loopback-only';
import { remoteSpectrum } from '../support/tone';
import { checkAxe } from '../support/two-devices';
import { expect, screenshotPath, test } from '../support/web-app';

test.skip(!loopbackOnly(), LOOPBACK_ONLY_REASON);
test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

const CAROL = { user: 'carol', password: 'carol-legacy-4444', toneHz: 880 };

let devnet: TestDevnet;
let bob: CallDevice;
let carol: BaresipUa;
let carolDir: string;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  devnet = await startTestDevnet('yakker-e2e-legacy-');
  bob = await openCallDevice(devnet, 'bob', 660);
  const b = devnet.profile.providers.find((p) => p.domain === bob.account.domain);
  if (b === undefined) throw new Error("no provider for bob's domain");
  // A plain SIP account at bob's provider: credentials only, no certificate, no directory entry.
  await (await openProviderDb(b.stateDir, b.domain)).putUser(CAROL.user, CAROL.password);
  carolDir = mkdtempSync(join(tmpdir(), 'yakker-e2e-carol-'));
  carol = await startBaresipUa({
    dir: carolDir,
    user: CAROL.user,
    domain: b.domain,
    password: CAROL.password,
    kamailioTcpPort: b.ports.tcp,
    toneHz: CAROL.toneHz,
  });
  await carol.registered();
});

test.afterAll(async () => {
  test.setTimeout(90_000);
  await carol?.stop();
  await bob?.stop();
  await devnet?.down();
  if (carolDir) rmSync(carolDir, { recursive: true, force: true });
});

/** Waits until the page's remote audio is dominated by `hz` (± 25 Hz), loudly. */
async function hears(page: Page, hz: number): Promise<void> {
  await expect(async () => {
    const s = await remoteSpectrum(page);
    expect(
      s.peakDb > -60 && Math.abs(s.dominantHz - hz) < 25,
      `${hz} Hz in ${JSON.stringify(s)}`,
    ).toBe(true);
  }).toPass({ timeout: 15_000 });
}

test('bob calls a baresip user through rtpengine: audio flows both ways, the screen says "Not verified"', async () => {
  const { page } = bob;
  const carolUri = `sip:${CAROL.user}@${bob.account.domain}`;
  await page.getByRole('link', { name: 'Calls' }).click();
  await page.getByRole('textbox', { name: 'Phone number or address' }).fill(carolUri);
  const target = page.locator('#dialer-target');
  await expect(target).toContainText('SIP, not verified', { timeout: 15_000 });
  await page.screenshot({ path: screenshotPath('calls-legacy-dialer') });
  await page.keyboard.press('Enter');

  const incoming = await carol.waitFor(['CALL_INCOMING'], 20_000);
  expect(incoming.peeruri).toContain(bob.account.sipUser);
  carol.command('accept');
  await carol.waitFor(['CALL_ESTABLISHED'], 20_000);

  const screen = page.locator('.call-screen');
  await expect(screen).toHaveAttribute('data-phase', 'active', { timeout: 20_000 });
  await expect(screen.getByRole('status')).toHaveText('Connected');
  await expect(
    screen.getByRole('heading', { name: `${CAROL.user}@${bob.account.domain}` }),
  ).toBeVisible();
  await expect(screen.getByText('Not verified', { exact: true })).toBeVisible();
  await hears(page, CAROL.toneHz);

  // Through rtpengine: bob's leg is WebRTC (DTLS-SRTP), carol's plain RTP, both carry packets.
  const ng = devnet.profile.media.rtpengine.ngPort;
  let legs: RtpLeg[] = [];
  await expect(async () => {
    legs = await rtpLegs(ng);
    expect(legs).toHaveLength(2);
    expect(legs.every((l) => l.packets > 20)).toBe(true);
  }).toPass({ timeout: 15_000 });
  expect(legs.flatMap((l) => l.protocols).sort()).toEqual(['RTP/AVP', 'UDP/TLS/RTP/SAVPF']);

  await page.screenshot({ path: screenshotPath('calls-legacy-not-verified') });
  await checkAxe(page, 'call screen, not verified');
  await page.getByRole('button', { name: 'Verification details: not verified' }).click();
  const details = page.getByRole('dialog', { name: /Is this really/ });
  await expect(details).toContainText('Calls work, but Yakker cannot confirm who answers.');
  await expect(details).toContainText('They have no Yakker certificate');
  await expect(details).toContainText('No certificate');
  await page.screenshot({ path: screenshotPath('calls-legacy-not-verified-details') });
  await page.keyboard.press('Escape');

  const mark = carol.events.length;
  await page.getByRole('button', { name: 'Hang up' }).click();
  await carol.waitFor(['CALL_CLOSED'], 10_000, mark);
  await expect(page.locator('.call-state')).toHaveText('You hung up.');
  await expect(screen).toBeHidden();
  await page.getByRole('link', { name: 'Calls' }).click();
  await expect(page.locator('.call-history-row').first()).toContainText('Outgoing, answered');
  expect(bob.problems).toEqual([]);
});
