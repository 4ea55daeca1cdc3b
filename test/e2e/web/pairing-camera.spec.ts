/**
 * Linking a device by scanning the QR code with the camera. Two real web app instances, each with
 * its own private gnome-keyring, pairing over 127.0.0.1 only (YAKKER_PAIRING_HOSTS). A shows the
 * QR code; the test screenshots it and writes it as a Y4M video that B's Chromium uses as its
 * camera (--use-file-for-fake-video-capture, a flag per browser process, so B gets its own
 * browser); B scans, shows six digits, the test types them on A, and B then lists the same
 * certificate fingerprint from its own keychain. Also: camera refused, paste still works.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offer, openCameraDevice, y4mFromPng } from '../support/qr-camera';
import {
  checkAxe,
  expectLinkedKey,
  makeKey,
  openDevice,
  section,
  shownCode,
  twoKeychains,
  typeCode,
} from '../support/two-devices';
import { expect, screenshotPath, test } from '../support/web-app';

// Two apps, two keychains and a second browser: more than the default 30 s on a busy machine
// (60 s ran out at load average 17 with every check already passed, in the clean-up).
test.describe.configure({ timeout: 120_000 });

const keychains = twoKeychains();
let scratch = '';
test.beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'yakker-camera-'));
});
test.afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

test('B scans A’s QR code with its camera, A types B’s code, B holds the same certificate', async ({
  browser,
}) => {
  const [sa, sb] = keychains();
  const a = await openDevice(browser, sa);
  const fingerprint = await makeKey(a.page);
  expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
  const { png } = await offer(a.page);
  const video = join(scratch, 'qr.y4m');
  writeFileSync(video, y4mFromPng(png));

  const b = await openCameraDevice(video, sb, { permissions: ['camera'] });
  try {
    await section(b.page, 'Devices');
    await b.page.getByRole('textbox', { name: /Name of this device/ }).fill('Kitchen laptop');
    // B's timers stand still while the scanning screen is photographed: the scanner decodes on
    // an interval, and a code on screen would otherwise be found before the screenshot.
    await b.page.clock.install();
    await b.page.clock.pauseAt(Date.now() + 1000);
    await b.page.getByRole('button', { name: 'Scan the code with your camera' }).click();
    await expect(b.page.getByRole('button', { name: 'Stop scanning' })).toBeFocused();
    await expect(b.page.getByLabel('Camera preview')).toBeVisible();
    await expect(b.page.getByRole('status').filter({ hasText: /^Scanning\./ })).toBeVisible();
    await expect
      .poll(() =>
        b.page.getByLabel('Camera preview').evaluate((v: HTMLVideoElement) => v.videoWidth),
      )
      .toBeGreaterThan(0);
    await b.page.screenshot({ path: screenshotPath('pairing-joiner-scanning'), fullPage: true });
    await b.page.clock.resume();

    const digits = await shownCode(b.page, 15_000);
    await b.page.screenshot({
      path: screenshotPath('pairing-joiner-scanned-code'),
      fullPage: true,
    });
    // The camera is off once the code is found.
    expect(
      await b.page.evaluate(() => document.querySelectorAll('video').length),
      'no preview left',
    ).toBe(0);

    await expect(a.page.getByText('Kitchen laptop', { exact: true })).toBeVisible();
    await typeCode(a.page, digits);
    await expect(a.page.getByText(/^Linked\./)).toBeVisible();
    await expect(b.page.getByText(/This device is linked as/)).toBeVisible();

    await expectLinkedKey(b.page, fingerprint);
    expect([...a.problems, ...b.problems]).toEqual([]);
  } finally {
    await b.stop();
    await a.stop();
  }
});

test('camera refused: B says so in plain words and the paste path still links', async ({
  browser,
}) => {
  const [sa, sb] = keychains();
  const a = await openDevice(browser, sa);
  const fingerprint = await makeKey(a.page);
  const { png, text } = await offer(a.page);
  const video = join(scratch, 'qr.y4m');
  writeFileSync(video, y4mFromPng(png));

  // A camera exists, but nobody allows it: no permission on the context, prompts denied.
  const b = await openCameraDevice(video, sb, {
    bypassCSP: true,
    args: ['--deny-permission-prompts'],
  });
  try {
    await section(b.page, 'Devices');
    await b.page.getByRole('button', { name: 'Scan the code with your camera' }).click();
    await expect(b.page.getByRole('status').filter({ hasText: 'camera' })).toHaveText(
      /Yakker may not use the camera\..*paste the text below/,
    );
    await expect(b.page.getByLabel('Camera preview')).toBeHidden();
    await b.page.screenshot({
      path: screenshotPath('pairing-joiner-camera-denied'),
      fullPage: true,
    });
    await checkAxe(b.page, 'joiner told the camera is refused');

    // Esc closes the camera panel and gives focus back to the Scan button.
    await b.page.keyboard.press('Escape');
    await expect(
      b.page.getByRole('button', { name: 'Scan the code with your camera' }),
    ).toBeFocused();

    await b.page.getByRole('textbox', { name: /Pairing text from your other device/ }).fill(text);
    await b.page.getByRole('textbox', { name: /Name of this device/ }).fill('Kitchen laptop');
    await b.page.getByRole('button', { name: 'Join' }).click();
    await typeCode(a.page, await shownCode(b.page));
    await expect(b.page.getByText(/This device is linked as/)).toBeVisible();
    await expectLinkedKey(b.page, fingerprint);
    expect([...a.problems, ...b.problems]).toEqual([]);
  } finally {
    await b.stop();
    await a.stop();
  }
});
