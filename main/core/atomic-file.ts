import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { YakkerError } from '../../shared/contract/result';

/**
 * Writes a file so that a crash, a power cut or a full disk leaves either the old content or the
 * new, never a torn file: write to a temporary file beside it, fsync, rename, fsync the folder.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    await syncDirectory(dir);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw storageError(path, error);
  }
}

async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // Windows cannot open a folder for fsync.
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Turns an fs error into a coded error a person can act on. */
export function storageError(
  path: string,
  error: unknown,
  verb: 'save' | 'read' = 'save',
): YakkerError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new YakkerError(
      'disk-full',
      `The disk is full, so Yakker could not save ${path}. Free some space; nothing was lost.`,
      { cause: error },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new YakkerError('storage-failed', `Yakker could not ${verb} ${path}: ${detail}`, {
    cause: error,
  });
}
