import type { Database } from 'better-sqlite3';
import { YakkerError } from '../../shared/contract/result';

/**
 * The schema, as forward-only steps. `MIGRATIONS[i]` takes a database from version i to i + 1;
 * the version lives in `schema_version` (one row). Never edit a step that has shipped: add one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: messages and the outbox of sealed MESSAGEs.
  `CREATE TABLE messages (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL,
     peer TEXT NOT NULL,
     direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
     text TEXT NOT NULL,
     at INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'received')),
     error TEXT,
     UNIQUE (peer, id)
   );
   CREATE INDEX messages_by_peer ON messages (peer, at, seq);
   CREATE TABLE outbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     message_id TEXT NOT NULL UNIQUE,
     peer TEXT NOT NULL,
     target TEXT NOT NULL,
     content_type TEXT NOT NULL,
     body TEXT NOT NULL
   );`,
  // 2: unread marks, the received ciphertext's digest (a redelivered copy is a duplicate), and
  // peers (the certificate we last saw, the one the user accepted).
  `ALTER TABLE messages ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE messages ADD COLUMN wire_sha256 TEXT;
   CREATE INDEX messages_by_wire ON messages (peer, wire_sha256) WHERE wire_sha256 IS NOT NULL;
   CREATE TABLE peers (
     peer TEXT PRIMARY KEY,
     display_name TEXT NOT NULL DEFAULT '',
     last_fingerprint TEXT,
     acknowledged_fingerprint TEXT,
     changed_at INTEGER
   );`,
  // 3: call history.
  `CREATE TABLE calls (
     id TEXT PRIMARY KEY,
     call_id TEXT NOT NULL,
     peer TEXT NOT NULL,
     direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
     outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'missed', 'declined', 'failed')),
     started_at INTEGER NOT NULL,
     duration_seconds INTEGER NOT NULL,
     verdict TEXT CHECK (verdict IN ('verified', 'not-verified', 'failed'))
   );
   CREATE INDEX calls_by_time ON calls (started_at);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare<[], { version: number }>('SELECT version FROM schema_version').get();
  return row?.version ?? 0;
}

/**
 * Brings the database up to `target` (the latest by default), one step per transaction, so a
 * crash or a full disk mid-way leaves a consistent earlier version that the next start resumes.
 * A database from a newer Yakker is refused rather than guessed at.
 */
export function migrate(db: Database, target = SCHEMA_VERSION): number {
  const from = schemaVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new YakkerError(
      'storage-failed',
      `The chat database was written by a newer version of Yakker (schema ${from}, this one knows ${SCHEMA_VERSION}).`,
    );
  }
  for (let version = from; version < target; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] ?? '');
      db.prepare('DELETE FROM schema_version').run();
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(version + 1);
    })();
  }
  return Math.max(from, target);
}
