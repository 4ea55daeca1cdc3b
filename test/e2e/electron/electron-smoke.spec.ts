import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../../../scripts/electron-binary.mjs';

const root = resolve(import.meta.dirname, '../../..');

/** The Electron binary, or null where it was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
const binary = findElectronBinary();

test.describe('Electron host', () => {
  test.skip(
    binary === null,
    'No Electron binary on this machine (its download is skipped here); this smoke test runs where Electron is installed.',
  );

  test('opens the secure window on the same handlers and navigates every screen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yakker-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(root, 'dist/main/electron-main.cjs')],
      env: { ...definedEnv(), YAKKER_DATA_DIR: dataDir },
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://yakker/index.html');
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      for (const name of ['Chats', 'Calls', 'Contacts', 'Settings']) {
        await page.getByRole('link', { name }).click();
        await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      }
      // The renderer is sandboxed: no Node, and only the contract on window.yakker.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
        'undefined',
      );
      expect(
        await page.evaluate(() =>
          Object.keys((window as unknown as { yakker: object }).yakker).sort(),
        ),
      ).toEqual(['on', 'request']);
      const info = await page.evaluate(() =>
        (
          window as unknown as { yakker: { request: (n: string, i: object) => Promise<unknown> } }
        ).yakker.request('app.info', {}),
      );
      expect(info).toMatchObject({ ok: true, value: { host: 'electron' } });
      await page.screenshot({ path: join(root, 'test-results/screens/electron-settings.png') });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function definedEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}
