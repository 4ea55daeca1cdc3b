import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * Packaging downloads Electron, so it cannot run here; electron-builder's own configuration
 * validator (the JSON schema it checks before every build) can, and does.
 */
const root = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (
    config: unknown,
    logger: { isEnabled: boolean; add: () => void },
  ) => Promise<void>;
};
const logger = { isEnabled: false, add: () => undefined };
const config = parse(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema validation', async () => {
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
  });

  it('the validator really validates: a misspelt option is refused', async () => {
    await expect(
      validateConfiguration({ ...config, linxu: { target: ['deb'] } }, logger),
    ).rejects.toThrow(/linxu/);
  });

  it('pins the Electron version we develop against, and targets every platform', () => {
    const installed = (require('electron/package.json') as { version: string }).version;
    expect(config['electronVersion']).toBe(installed);
    expect((config['linux'] as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config['mac'] as { target: string[] }).target).toEqual(['dmg']);
    expect((config['win'] as { target: string[] }).target).toEqual(['nsis']);
  });

  it('has a 512×512 icon', () => {
    const png = readFileSync(resolve(root, 'assets/brand/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('package.json keeps Electron’s download script off and points main at the bundle', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
      allowScripts: unknown;
      main: string;
    };
    // Electron's download stays off; the only install script allowed builds better-sqlite3
    // (main/store) from source where its prebuilt binary cannot be fetched.
    expect(pkg.allowScripts).toEqual({ electron: false, 'better-sqlite3': true });
    expect(pkg.main).toBe('dist/main/electron-main.cjs');
  });
});
