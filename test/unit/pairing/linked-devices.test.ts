import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LinkedDevice } from '../../../shared/contract/areas/devices';
import { silentLogger } from '../../../main/core/logger';
import { LinkedDevices } from '../../../main/pairing/linked-devices';

const entry = {
  name: 'Kitchen laptop',
  direction: 'sent-to' as const,
  linkedAt: 1_780_000_000_000,
  identityName: '+15550100',
  fingerprint: 'ab'.repeat(32),
};

describe('LinkedDevices', () => {
  it('adds, lists, survives a reload, removes, and reports every change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yakker-linked-'));
    const path = join(dir, 'linked-devices.json');
    const seen: LinkedDevice[][] = [];
    const list = new LinkedDevices(path, silentLogger, (d) => seen.push(d));
    const a = await list.add(entry);
    const b = await list.add({ ...entry, name: 'Phone', direction: 'received-from' });
    expect(a.id).not.toBe(b.id);
    expect((await new LinkedDevices(path, silentLogger).list()).map((d) => d.name)).toEqual([
      'Kitchen laptop',
      'Phone',
    ]);
    await list.remove(a.id);
    expect((await new LinkedDevices(path, silentLogger).list()).map((d) => d.id)).toEqual([b.id]);
    expect(seen.map((d) => d.length)).toEqual([1, 2, 1]);
  });

  it('refuses to remove an unknown device with not-found and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yakker-linked-'));
    const list = new LinkedDevices(join(dir, 'l.json'), silentLogger);
    await list.add(entry);
    await expect(list.remove('nope')).rejects.toMatchObject({ code: 'not-found' });
    expect(await list.list()).toHaveLength(1);
  });

  it('keeps an unreadable file aside instead of overwriting it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yakker-linked-'));
    const path = join(dir, 'linked-devices.json');
    writeFileSync(path, '{"not": "a list"');
    const list = new LinkedDevices(path, silentLogger);
    expect(await list.list()).toEqual([]);
    const aside = readdirSync(dir).find((n) => n.startsWith('linked-devices.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside ?? ''), 'utf8')).toBe('{"not": "a list"');
    await list.add(entry);
    expect(await new LinkedDevices(path, silentLogger).list()).toHaveLength(1);
  });

  it('says storage-failed when the file cannot be written, and keeps the old list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yakker-linked-'));
    writeFileSync(join(dir, 'blocker'), 'a file where a folder should be');
    const list = new LinkedDevices(join(dir, 'blocker', 'l.json'), silentLogger);
    await expect(list.add(entry)).rejects.toMatchObject({ code: 'storage-failed' });
    await expect(list.list()).rejects.toMatchObject({ code: 'storage-failed' });
  });
});
