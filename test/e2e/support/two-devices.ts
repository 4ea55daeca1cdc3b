import { createRequire } from 'node:module';
import type { Browser, Page } from '@playwright/test';
import {
  removeHome,
  startPrivateSession,
  type PrivateSession,
} from '../../support/private-keyring';
import { expect, startWebApp, test, type WebApp } from './web-app';

/** One app instance in a browser context, with what its page logged as errors. */
export interface Device {
  app: WebApp;
  page: Page;
  problems: string[];
  stop: () => Promise<void>;
}

/**
 * Two fresh private gnome-keyrings per test (nothing carries over between tests). Call at the
 * top of a spec file; the returned function gives this test's pair.
 */
export function twoKeychains(): () => [PrivateSession, PrivateSession] {
  let sessions: PrivateSession[] = [];
  test.beforeEach(async () => {
    sessions = await Promise.all([
      startPrivateSession('unlocked'),
      startPrivateSession('unlocked'),
    ]);
  });
  test.afterEach(async () => {
    for (const s of sessions.splice(0)) {
      await s.stop();
      removeHome(s);
    }
  });
  return () => sessions as [PrivateSession, PrivateSession];
}

/** Starts a web app on `session`'s keychain, pairing on 127.0.0.1 only, and opens it in `browser`. */
export async function openDevice(
  browser: Browser,
  session: PrivateSession,
  options: {
    permissions?: string[];
    bypassCSP?: boolean;
    env?: Record<string, string>;
    /** The network has a directory (a devnet profile in `env`): the welcome wizard opens first. */
    welcome?: boolean;
  } = {},
): Promise<Device> {
  const { app, stop } = await startWebApp({
    ...session.env,
    YAKKER_PAIRING_HOSTS: '127.0.0.1',
    ...options.env,
  });
  const context = await browser.newContext({
    viewport: { width: 1200, height: 760 },
    permissions: options.permissions ?? [],
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(app.url);
  await expect(
    options.welcome
      ? page.getByRole('button', { name: 'I already have Yakker on another device' })
      : page.getByRole('navigation', { name: 'Main' }),
  ).toBeVisible();
  return {
    app,
    page,
    problems,
    stop: async () => {
      await context.close();
      await stop();
    },
  };
}

/** In the welcome wizard: More → Set up later, which leads to the app itself. */
export async function setUpLater(page: Page): Promise<void> {
  await page.getByText('More', { exact: true }).click();
  await page.getByRole('button', { name: 'Set up later' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** Opens Settings → `name` (a section in the settings list). */
export async function section(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name }).click();
}

/** Makes a key for +15550100 in Settings → Advanced; returns its certificate fingerprint. */
export async function makeKey(page: Page): Promise<string> {
  await section(page, 'Advanced');
  await page.getByRole('textbox', { name: /Make a key/ }).fill('+15550100');
  await page.getByRole('button', { name: 'Make key' }).click();
  const item = page.getByRole('list', { name: 'Keys' }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  const label = await item.getByLabel(/^Fingerprint /).getAttribute('aria-label');
  return label?.replace('Fingerprint ', '') ?? '';
}

/** The six digits the joiner shows (waits for them). */
export async function shownCode(page: Page, timeout?: number): Promise<string> {
  const sas = page.getByLabel(/^Code \d/);
  await expect(sas).toBeVisible(timeout === undefined ? {} : { timeout });
  const digits = ((await sas.textContent()) ?? '').replace(/\D/g, '');
  expect(digits).toMatch(/^\d{6}$/);
  return digits;
}

/** Types `digits` into the holder's code field and presses Link. */
export async function typeCode(page: Page, digits: string): Promise<void> {
  await page
    .getByRole('textbox', { name: 'Type the code shown on your other device' })
    .fill(digits);
  await page.getByRole('button', { name: 'Link', exact: true }).click();
}

/** From the "linked" screen, follows the link to the keys and expects exactly this one key. */
export async function expectLinkedKey(page: Page, fingerprint: string): Promise<void> {
  await page.getByRole('link', { name: 'Settings → Advanced' }).click();
  await expectOneKey(page, fingerprint);
}

/** Settings → Advanced (already open) lists exactly one key, with this fingerprint. */
export async function expectOneKey(page: Page, fingerprint: string): Promise<void> {
  const item = page.getByRole('list', { name: 'Keys' }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item.getByLabel(`Fingerprint ${fingerprint}`)).toBeVisible();
}

interface AxeResult {
  violations: { id: string; help: string; nodes: { target: string[] }[] }[];
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's WCAG 2.1 A/AA rules on the current screen, light and dark (needs bypassCSP). */
export async function checkAxe(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ path: axePath });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    const result = await page.evaluate(() =>
      (
        window as unknown as { axe: { run: (d: Document, o: object) => Promise<AxeResult> } }
      ).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }),
    );
    const found = result.violations.map(
      (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(found, `${what} (${theme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}
