import { YakkerError } from '../../shared/contract/result';

export function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** The file is not a database or is damaged (SQLITE_CORRUPT*, SQLITE_NOTADB). */
export function isCorruption(error: unknown): boolean {
  const code = sqliteCode(error);
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

/**
 * A storage failure as a contract error: a full disk is `disk-full` (the caller keeps its data
 * and may try again), anything else `storage-failed`. SQLite rolls the transaction back, so
 * nothing half-written stays behind.
 */
export function toStorageError(error: unknown, doing: string): YakkerError {
  if (error instanceof YakkerError) return error;
  const code = sqliteCode(error);
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'SQLITE_FULL' || errno === 'ENOSPC') {
    return new YakkerError(
      'disk-full',
      `The disk is full: could not ${doing}. Free some space and try again; nothing was lost.`,
      { cause: error },
    );
  }
  return new YakkerError(
    'storage-failed',
    `Could not ${doing}: ${code || errno || 'storage error'}.`,
    { cause: error },
  );
}

/** Runs `work`, turning any storage failure into `disk-full` / `storage-failed`. */
export function guarded<T>(doing: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toStorageError(error, doing);
  }
}
