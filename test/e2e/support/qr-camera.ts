/**
 * The camera half of the pairing e2e tests: A's QR code photographed from its screen, turned
 * into a Y4M video, and a Chromium whose only camera plays that video
 * (--use-file-for-fake-video-capture is per browser process, so the scanning device gets its own).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/chromium-path.mjs';
import type { PrivateSession } from '../../support/private-keyring';
import { openDevice, section, type Device } from './two-devices';
import { expect } from './web-app';

/** B's own Chromium, whose only camera plays `video` (a Y4M file) over and over. */
export async function browserWithCamera(video: string, extra: string[] = []): Promise<Browser> {
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

/**
 * A device in its own Chromium whose camera plays `video`; stopping it closes that browser too.
 * `args` are more Chromium flags (e.g. --deny-permission-prompts).
 */
export async function openCameraDevice(
  video: string,
  session: PrivateSession,
  options: Parameters<typeof openDevice>[2] & { args?: string[] } = {},
): Promise<Device> {
  const camera = await browserWithCamera(video, options.args);
  try {
    const device = await openDevice(camera, session, options);
    return {
      ...device,
      stop: async () => {
        await device.stop();
        await camera.close();
      },
    };
  } catch (error) {
    await camera.close();
    throw error;
  }
}

/** A shows its code; returns the screenshot of the QR element and the pairing text. */
export async function offer(a: Page): Promise<{ png: Buffer; text: string }> {
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
export function y4mFromPng(png: Buffer, frames = 5): Buffer {
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
