/** The state folder's publish lock (devnet/src/dir-lock.ts), on a real temporary folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withDirLock } from '../../../devnet/src/dir-lock';

const dirs: string[] = [];
function lockPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'yakker-lock-'));
  dirs.push(dir);
  return join(dir, 'records.lock');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('withDirLock', () => {
  it('runs overlapping holders one after the other and releases on failure', async () => {
    const lock = lockPath();
    const events: string[] = [];
    const holder =
      (name: string, fail = false) =>
      async () => {
        events.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 30));
        events.push(`${name} out`);
        if (fail) throw new Error(`${name} failed`);
        return name;
      };
    const results = await Promise.allSettled([
      withDirLock(lock, holder('a', true)),
      withDirLock(lock, holder('b')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  it('takes over a lock whose owner is gone', async () => {
    const lock = lockPath();
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), '2147483646'); // no such process
    await expect(withDirLock(lock, () => Promise.resolve('ran'))).resolves.toBe('ran');
  });

  it('says so when a live owner keeps it', async () => {
    const lock = lockPath();
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.ppid));
    await expect(withDirLock(lock, () => Promise.resolve('ran'), { waitMs: 100 })).rejects.toThrow(
      /held by another process/,
    );
  });
});
