import BetterSqlite3, { type Database } from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../core/logger';
import { migrate } from './migrations';
import { isCorruption, toStorageError } from './storage-errors';

export interface OpenedDatabase {
  db: Database;
  /** Set when the file was unreadable: where it was kept (never deleted). */
  keptAside: string | null;
}

/**
 * Opens (or creates) the SQLite database at `path` and migrates it. WAL, so readers never wait
 * for the writer; synchronous=FULL, so a transaction is on disk when it commits: we answer 200
 * to a MESSAGE only after storing it and the provider then deletes its copy, so "stored" must
 * survive a power cut, which NORMAL does not promise in WAL mode. At chat rates the extra fsync
 * per commit costs little (docs/benchmarks.md).
 *
 * A file that is not a database or fails its integrity check is renamed to
 * `<path>.corrupt-<time>` (with its -wal and -shm), never deleted, and a fresh one is made;
 * `keptAside` says where the old one went so the app can tell the user.
 */
export function openDatabase(
  path: string,
  logger: Logger,
  now: () => number = Date.now,
): OpenedDatabase {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw toStorageError(error, 'create the data folder');
  }
  try {
    return { db: openChecked(path), keptAside: null };
  } catch (error) {
    if (!isCorruption(error)) throw toStorageError(error, 'open the chat database');
    const aside = `${path}.corrupt-${now()}`;
    try {
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
      }
    } catch (renameError) {
      throw toStorageError(renameError, 'keep the damaged chat database aside');
    }
    logger.warn('chat database was damaged; kept it aside and started a new one', { aside, error });
    try {
      return { db: openChecked(path), keptAside: aside };
    } catch (again) {
      throw toStorageError(again, 'create a new chat database');
    }
  }
}

function openChecked(path: string): Database {
  const db = new BetterSqlite3(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 2000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
    }
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
