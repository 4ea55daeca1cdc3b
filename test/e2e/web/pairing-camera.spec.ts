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
import { chromium, type Browser, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/chromium-path.mjs';
import {
  checkAxe,
  expectLinkedKey,
  makeKey,
  openDevice,
  section,
  twoKeychains,
} from '../support/two-devices';
import { expect, screenshotPath, test } from '../support/web-app';

// Two apps, two keychains and a second browser: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 120_000 });

const keychains = twoKeychains();
let scratch = '';
test.beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'yakker-camera-'));
});
test.afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** B's own Chromium, whose only camera plays `video` (a Y4M file) over and over. */
async function browserWithCamera(video: string, extra: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
      ...extra,
    ],
  });
}

/** A shows its code; returns the screenshot of the QR element and the pairing text. */
async function offer(a: Page): Promise<{ png: Buffer; text: string }> {
  await section(a, 'Devices');
  await a.getByRole('button', { name: 'Link a device' }).click();
  const qr = a.getByRole('img', { name: 'Pairing code as a QR code' });
  await expect(qr).toBeVisible();
  const text = (await a.getByText(/^YAKKER-PAIR:1:/).textContent()) ?? '';
  expect(text).toMatch(/^YAKKER-PAIR:1:[A-Z2-7]+$/);
  return { png: await qr.screenshot(), text };
}

/**
 * A PNG as a Y4M video (YUV 4:2:0, full range) of 640×480 or more, a few identical frames: the
 * picture scaled up twice (nearest neighbour, so modules stay sharp) and centred on white.
 */
function y4mFromPng(png: Buffer, frames = 5): Buffer {
  const image = PNG.sync.read(png);
  const zoom = 2;
  const side = { w: image.width * zoom, h: image.height * zoom };
  const even = (n: number) => n + (n % 2);
  const w = even(Math.max(640, side.w + 64));
  const h = even(Math.max(480, side.h + 64));
  const left = Math.floor((w - side.w) / 2);
  const top = Math.floor((h - side.h) / 2);
  const luma = Buffer.alloc(w * h, 255);
  for (let y = 0; y < side.h; y++) {
    for (let x = 0; x < side.w; x++) {
      const i = (Math.floor(y / zoom) * image.width + Math.floor(x / zoom)) * 4;
      const alpha = (image.data[i + 3] ?? 255) / 255;
      const channel = (c: number) => (image.data[i + c] ?? 255) * alpha + 255 * (1 - alpha);
      const lum = 0.299 * channel(0) + 0.587 * channel(1) + 0.114 * channel(2);
      luma[(top + y) * w + left + x] = Math.round(lum);
    }
  }
  const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128); // U and V planes: no colour
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`);
  return Buffer.concat([header, ...Array<Buffer>(frames).fill(frame)]);
}

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

  const camera = await browserWithCamera(video);
  const b = await openDevice(camera, sb, { permissions: ['camera'] });
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

    const sas = b.page.getByLabel(/^Code \d/);
    await expect(sas).toBeVisible({ timeout: 15_000 });
    const digits = ((await sas.textContent()) ?? '').replace(/\D/g, '');
    expect(digits).toMatch(/^\d{6}$/);
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
    await a.page
      .getByRole('textbox', { name: 'Type the code shown on your other device' })
      .fill(digits);
    await a.page.getByRole('button', { name: 'Link', exact: true }).click();
    await expect(a.page.getByText(/^Linked\./)).toBeVisible();
    await expect(b.page.getByText(/This device is linked as/)).toBeVisible();

    await expectLinkedKey(b.page, fingerprint);
    expect([...a.problems, ...b.problems]).toEqual([]);
  } finally {
    await b.stop();
    await camera.close();
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
  const camera = await browserWithCamera(video, ['--deny-permission-prompts']);
  const b = await openDevice(camera, sb, { bypassCSP: true });
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
    const sas = b.page.getByLabel(/^Code \d/);
    await expect(sas).toBeVisible();
    const digits = ((await sas.textContent()) ?? '').replace(/\D/g, '');
    await a.page
      .getByRole('textbox', { name: 'Type the code shown on your other device' })
      .fill(digits);
    await a.page.getByRole('button', { name: 'Link', exact: true }).click();
    await expect(b.page.getByText(/This device is linked as/)).toBeVisible();
    await expectLinkedKey(b.page, fingerprint);
    expect([...a.problems, ...b.problems]).toEqual([]);
  } finally {
    await b.stop();
    await camera.close();
    await a.stop();
  }
});
