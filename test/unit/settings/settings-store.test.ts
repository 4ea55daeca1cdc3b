import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { YakkerError } from '../../../shared/contract/result';
import { silentLogger } from '../../../main/core/logger';
import { DEFAULT_SETTINGS, SettingsStore } from '../../../main/settings/settings-store';

vi.mock('node:fs/promises', { spy: true });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yakker-settings-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('starts from defaults and persists updates across instances', async () => {
    const path = join(dir, 'settings.json');
    const store = new SettingsStore(path, silentLogger);
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
    await store.update({ theme: 'dark', displayName: 'Ana' });
    const again = new SettingsStore(path, silentLogger);
    expect(await again.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', displayName: 'Ana' });
    expect(readdirSync(dir)).toEqual(['settings.json']); // no temporary files left behind
  });

  it('keeps a corrupt file aside instead of destroying it, and uses defaults', async () => {
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{"theme": "dark", oops');
    const store = new SettingsStore(path, silentLogger, () => 1234);
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
    expect(readFileSync(`${path}.broken-1234`, 'utf8')).toBe('{"theme": "dark", oops');
  });

  it('ignores unknown keys and rejects invalid values from disk', async () => {
    const path = join(dir, 'settings.json');
    writeFileSync(path, JSON.stringify({ theme: 'light', futureKey: 1 }));
    expect((await new SettingsStore(path, silentLogger).get()).theme).toBe('light');
    writeFileSync(path, JSON.stringify({ theme: 'neon' }));
    expect((await new SettingsStore(path, silentLogger, () => 1).get()).theme).toBe('system');
  });

  it('reports a full disk as disk-full and keeps the old settings, in memory and on disk', async () => {
    const path = join(dir, 'settings.json');
    const store = new SettingsStore(path, silentLogger);
    await store.update({ displayName: 'Before' });
    vi.mocked(fsPromises.open).mockImplementationOnce(() =>
      Promise.reject(
        Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }),
      ),
    );
    const failure = await store.update({ displayName: 'After' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(YakkerError);
    expect((failure as YakkerError).code).toBe('disk-full');
    expect((failure as YakkerError).message).toMatch(/disk is full.*nothing was lost/i);
    expect((await store.get()).displayName).toBe('Before');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ displayName: 'Before' });
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('reports a path it cannot write as storage-failed', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    const store = new SettingsStore(join(dir, 'file', 'settings.json'), silentLogger);
    await expect(store.update({ theme: 'dark' })).rejects.toMatchObject({ code: 'storage-failed' });
  });
});
