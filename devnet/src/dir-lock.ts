/**
 * A lock between processes on one state folder (e.g. `seed` in the CLI and the directory service
 * in the supervisor publishing at once): a directory made with mkdir, which is atomic, holding
 * the owner's PID. A lock whose owner is gone, or older than `staleMs`, is taken over.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function ownerGone(lockDir: string, staleMs: number): boolean {
  try {
    if (Date.now() - statSync(lockDir).mtimeMs > staleMs) return true;
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Runs `fn` while holding `lockDir`; waits up to `waitMs` for another holder. */
export async function withDirLock<T>(
  lockDir: string,
  fn: () => Promise<T>,
  { waitMs = 20_000, staleMs = 60_000 } = {},
): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (ownerGone(lockDir, staleMs)) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`${lockDir} is held by another process`, { cause: error });
      else await sleep(20);
    }
  }
  try {
    writeFileSync(join(lockDir, 'pid'), String(process.pid));
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
