/**
 * Calls end to end on a real devnet (Kamailio for providers A and B, signed DNS), two app
 * instances each in its own Chromium with a fake microphone playing a tone (alice 440 Hz, bob
 * 660 Hz), media over WebRTC on loopback only. alice calls bob by number: both see "Verified",
 * each hears the other's tone; mute, hold and DTMF work; hanging up on either side ends both.
 */
import type { Page } from '@playwright/test';
import { startTestDevnet, type TestDevnet } from '../../support/devnet-cli';
import { openCallDevice, type CallDevice } from '../support/call-devices';
import { LOOPBACK_ONLY_REASON, loopbackOnly } from '../support/loopback-only';
import { peerConnectionRecords } from '../support/peer-connections';
import { remoteSpectrum } from '../support/tone';
import { checkAxe } from '../support/two-devices';
import { expect, screenshotPath, test } from '../support/web-app';

test.skip(!loopbackOnly(), LOOPBACK_ONLY_REASON);
test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

let devnet: TestDevnet;
let alice: CallDevice;
let bob: CallDevice;

test.beforeAll(async () => {
  test.setTimeout(300_000); // devnet up + two keychains, apps and browsers on a busy 2-CPU machine
  devnet = await startTestDevnet('yakker-e2e-calls-');
  alice = await openCallDevice(devnet, 'alice', 440);
  bob = await openCallDevice(devnet, 'bob', 660);
});

test.afterAll(async () => {
  test.setTimeout(90_000);
  await alice?.stop();
  await bob?.stop();
  await devnet?.down();
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

/** Waits until the page's remote audio has no trace of `hz` (muted or held). */
async function hearsNo(page: Page, hz: number): Promise<void> {
  await expect(async () => {
    const s = await remoteSpectrum(page);
    expect(
      s.peakDb < -60 || Math.abs(s.dominantHz - hz) >= 25,
      `no ${hz} Hz in ${JSON.stringify(s)}`,
    ).toBe(true);
  }).toPass({ timeout: 15_000 });
}

async function dial(device: CallDevice, number: string): Promise<void> {
  const { page } = device;
  await page.getByRole('link', { name: 'Calls' }).click();
  const field = page.getByRole('textbox', { name: 'Phone number or address' });
  await field.fill(number);
  await expect(page.locator('#dialer-target')).toContainText('Yakker, verified', {
    timeout: 15_000,
  });
  await expect(page.locator('#dialer-target').getByText('Verified', { exact: true })).toBeVisible();
}

async function connect(): Promise<void> {
  await dial(alice, bob.account.e164);
  await alice.page.keyboard.press('Enter');
  const incoming = bob.page.getByRole('alertdialog', { name: 'Incoming call' });
  await expect(incoming).toBeVisible({ timeout: 20_000 });
  await expect(incoming.getByText('Verified', { exact: true })).toBeVisible();
  await incoming.getByRole('button', { name: 'Accept' }).click();
  for (const d of [alice, bob]) {
    await expect(d.page.locator('.call-screen')).toHaveAttribute('data-phase', 'active', {
      timeout: 20_000,
    });
  }
}

test('alice calls bob across providers: verified both ways, each hears the other', async () => {
  await dial(alice, bob.account.e164);
  await alice.page.screenshot({ path: screenshotPath('calls-dialer-resolved') });
  await alice.page.keyboard.press('Enter');

  const incoming = bob.page.getByRole('alertdialog', { name: 'Incoming call' });
  await expect(incoming).toBeVisible({ timeout: 20_000 });
  await expect(incoming.getByText('Verified', { exact: true })).toBeVisible();
  await expect(
    alice.page.getByRole('status').filter({ hasText: /Ringing…|Calling…/ }),
  ).toBeVisible();
  await bob.page.screenshot({ path: screenshotPath('calls-incoming-ringing') });
  await checkAxe(bob.page, 'incoming call banner');
  // While it rings, bob's answer is made ready (a peer connection with alice's offer applied),
  // yet nothing has gone out: ICE gathering has not started, so no candidate, no check.
  await expect
    .poll(async () => (await peerConnectionRecords(bob.page)).at(-1)?.signaling.at(-1))
    .toBe('have-remote-offer');
  const ringing = await peerConnectionRecords(bob.page);
  expect(ringing.at(-1)?.gathering).toEqual(['new']);
  await incoming.getByRole('button', { name: 'Accept' }).click();

  for (const d of [alice, bob]) {
    const screen = d.page.locator('.call-screen');
    await expect(screen).toHaveAttribute('data-phase', 'active', { timeout: 20_000 });
    await expect(screen.getByText('Verified', { exact: true })).toBeVisible();
    await expect(screen.getByRole('status')).toHaveText('Connected');
  }
  // JsSIP answered on that prepared connection (no second one), which then connected.
  const answered = await peerConnectionRecords(bob.page);
  expect(answered.length).toBe(ringing.length);
  expect(answered.at(-1)?.states).toContain('connected');
  await hears(alice.page, 660);
  await hears(bob.page, 440);
  await alice.page.screenshot({ path: screenshotPath('calls-in-call') });
  await checkAxe(alice.page, 'call screen');

  // The verification details: plain words, then fingerprint and DNSSEC.
  await alice.page.getByRole('button', { name: /^Verification details/ }).click();
  const details = alice.page.getByRole('dialog', { name: /Is this really/ });
  await expect(details).toBeVisible();
  await expect(details.getByLabel(/^Fingerprint [0-9a-f]{64}$/)).toBeVisible();
  await expect(details).toContainText('Signed and checked (secure)');
  await alice.page.screenshot({ path: screenshotPath('calls-verification-details') });
  await checkAxe(alice.page, 'verification details');
  await alice.page.keyboard.press('Escape');
  await expect(details).toBeHidden();

  // Mute: bob stops hearing 440 Hz; unmute brings it back.
  await alice.page.getByRole('button', { name: 'Mute' }).click();
  await expect(alice.page.getByRole('button', { name: 'Unmute' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await hearsNo(bob.page, 440);
  await hears(alice.page, 660); // the other direction is untouched
  await alice.page.getByRole('button', { name: 'Unmute' }).click();
  await hears(bob.page, 440);

  // Hold: alice holds, neither direction carries audio, bob is told; resume restores both.
  await alice.page.getByRole('button', { name: 'Hold' }).click();
  await expect(alice.page.locator('.call-state')).toHaveText('On hold');
  await expect(bob.page.locator('.call-state')).toHaveText('They put you on hold');
  await hearsNo(alice.page, 660);
  await hearsNo(bob.page, 440);
  await alice.page.getByRole('button', { name: 'Resume' }).click();
  await expect(alice.page.locator('.call-state')).toHaveText('Connected');
  await expect(bob.page.locator('.call-state')).toHaveText('Connected');
  await hears(alice.page, 660);
  await hears(bob.page, 440);

  // DTMF in the audio (RFC 4733): the tones RTCDTMFSender actually played are shown.
  await alice.page.getByRole('button', { name: 'Keypad' }).click();
  for (const key of ['Send 1', 'Send 2', 'Send pound']) {
    await alice.page.getByRole('button', { name: key, exact: true }).click();
  }
  await expect(alice.page.getByLabel('Tones sent')).toHaveText('12#', { timeout: 10_000 });

  // bob hangs up: both calls end.
  await bob.page.getByRole('button', { name: 'Hang up' }).click();
  await expect(bob.page.locator('.call-state')).toHaveText('You hung up.');
  await expect(alice.page.locator('.call-state')).toHaveText('They hung up.');
  for (const d of [alice, bob]) await expect(d.page.locator('.call-screen')).toBeHidden();
  expect(alice.problems).toEqual([]);
  expect(bob.problems).toEqual([]);
});

test('bob holds and resumes; alice hangs up, which ends it on both; both histories list the calls', async () => {
  await connect();
  await hears(bob.page, 440);
  await bob.page.getByRole('button', { name: 'Hold' }).click();
  await expect(bob.page.locator('.call-state')).toHaveText('On hold');
  await expect(alice.page.locator('.call-state')).toHaveText('They put you on hold');
  await hearsNo(alice.page, 660);
  await bob.page.getByRole('button', { name: 'Resume' }).click();
  await expect(alice.page.locator('.call-state')).toHaveText('Connected');
  await hears(alice.page, 660);
  await alice.page.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.page.locator('.call-state')).toHaveText('You hung up.');
  await expect(bob.page.locator('.call-state')).toHaveText('They hung up.');
  for (const d of [alice, bob]) {
    await expect(d.page.locator('.call-screen')).toBeHidden();
    await d.page.getByRole('link', { name: 'Calls' }).click();
    const rows = d.page.getByRole('list', { name: 'Recent calls' }).getByRole('listitem');
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText(
      d === alice ? 'Outgoing, answered' : 'Incoming, answered',
    );
  }
});

test('a call bob declines is "declined" for both; one he lets ring out is missed for him', async () => {
  await dial(alice, bob.account.e164);
  await alice.page.keyboard.press('Enter');
  const incoming = bob.page.getByRole('alertdialog', { name: 'Incoming call' });
  await expect(incoming).toBeVisible({ timeout: 20_000 });
  await incoming.getByRole('button', { name: 'Decline' }).click();
  await expect(alice.page.locator('.call-state')).toHaveText('The call was declined.');
  await expect(bob.page.locator('.call-state')).toHaveText('You declined the call.');
  for (const d of [alice, bob]) await expect(d.page.locator('.call-screen')).toBeHidden();

  await dial(alice, bob.account.e164);
  await alice.page.keyboard.press('Enter');
  await expect(incoming).toBeVisible({ timeout: 20_000 });
  await alice.page.getByRole('button', { name: 'Hang up' }).click();
  await expect(incoming).toBeHidden();
  await expect(bob.page.locator('.call-state')).toHaveText('Missed call.');
  await expect(bob.page.locator('.call-screen')).toBeHidden();
  await bob.page.getByRole('link', { name: 'Calls' }).click();
  const missed = bob.page.locator('.call-history-row[data-outcome="missed"]');
  await expect(missed).toHaveCount(1);
  await expect(missed).toContainText('Incoming, missed');
  await checkAxe(bob.page, 'call history with a missed call');
});

/** Makes a page's getUserMedia fail with `name` after `afterMs` (the device, not the permission). */
async function breakMicrophone(
  page: Page,
  how: { name: string; afterMs: number },
): Promise<() => Promise<void>> {
  await page.evaluate((h) => {
    const media = navigator.mediaDevices;
    const real = media.getUserMedia.bind(media);
    (window as { __realGetUserMedia?: typeof real }).__realGetUserMedia = real;
    media.getUserMedia = () =>
      new Promise((_, reject) => {
        setTimeout(() => {
          reject(new DOMException('the test broke it', h.name));
        }, h.afterMs);
      });
  }, how);
  return () =>
    page.evaluate(() => {
      const real = (window as { __realGetUserMedia?: MediaDevices['getUserMedia'] })
        .__realGetUserMedia;
      if (real) navigator.mediaDevices.getUserMedia = real;
    });
}

/** Sets the page's microphone permission for real (the browser's own setting, through CDP). */
async function setMicrophonePermission(
  device: CallDevice,
  setting: 'denied' | 'granted',
): Promise<void> {
  const page = await device.page.context().newCDPSession(device.page);
  const { targetInfo } = await page.send('Target.getTargetInfo');
  await page.detach();
  const cdp = await device.browser.newBrowserCDPSession();
  await cdp.send('Browser.setPermission', {
    permission: { name: 'microphone' },
    setting,
    origin: new URL(device.page.url()).origin,
    ...(targetInfo.browserContextId ? { browserContextId: targetInfo.browserContextId } : {}),
  });
  await cdp.detach();
}

test('a microphone that may not be used is said at once, and nobody is called', async () => {
  // The browser's own setting, denied for real (the app sees the permission change). With
  // --use-fake-ui-for-media-stream Chromium's getUserMedia ignores that setting (checked: it
  // opens the fake device anyway; without the flag it rejects with NotAllowedError), so
  // getUserMedia is made to answer as it does without the flag.
  await setMicrophonePermission(alice, 'denied');
  const restore = await breakMicrophone(alice.page, { name: 'NotAllowedError', afterMs: 0 });
  try {
    const before = (await peerConnectionRecords(alice.page)).length;
    await dial(alice, bob.account.e164);
    await alice.page.keyboard.press('Enter');
    await expect(alice.page.getByText(/^Yakker may not use your microphone\./)).toBeVisible();
    await alice.page.screenshot({ path: screenshotPath('calls-microphone-denied') });
    // No call was placed: JsSIP made no peer connection (it makes one before any INVITE).
    expect((await peerConnectionRecords(alice.page)).length).toBe(before);
    await expect(alice.page.locator('.call-screen')).toBeHidden();
  } finally {
    await restore();
    await setMicrophonePermission(alice, 'granted');
  }
});

test('a microphone that fails after the call went out ends it, saying why; bob sees it missed', async () => {
  // Allowed and present, so the call goes out with a silent stand-in while the device starts;
  // the device then fails (another app holds it).
  const restore = await breakMicrophone(alice.page, { name: 'NotReadableError', afterMs: 1500 });
  try {
    await dial(alice, bob.account.e164);
    await alice.page.keyboard.press('Enter');
    const incoming = bob.page.getByRole('alertdialog', { name: 'Incoming call' });
    await expect(incoming).toBeVisible({ timeout: 20_000 });
    await expect(alice.page.locator('.call-state')).toHaveText(
      /^Your microphone is in use by another app or not working\./,
      { timeout: 10_000 },
    );
    await expect(incoming).toBeHidden();
    await expect(bob.page.locator('.call-state')).toHaveText('Missed call.');
    for (const d of [alice, bob]) await expect(d.page.locator('.call-screen')).toBeHidden();
    await alice.page.getByRole('link', { name: 'Calls' }).click();
    await expect(alice.page.locator('.call-history-row').first()).toHaveAttribute(
      'data-outcome',
      'failed',
    );
  } finally {
    await restore();
  }
});
