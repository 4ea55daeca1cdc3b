/**
 * The directory service's state: every table and every query in this one module. SQLite
 * (better-sqlite3) on the devnet; the SQL is kept to what PostgreSQL runs unchanged (plain
 * types, integers for times in ms, `ON CONFLICT … DO UPDATE`, no SQLite-only functions), so a
 * production deployment swaps the driver here and nothing else (docs/devnet.md).
 */
import Database from 'better-sqlite3';

export type AccountStatus = 'active' | 'revoked';

export interface AccountRow {
  number: string;
  certDer: Buffer;
  keyId: string;
  status: AccountStatus;
  /** NAPTR target (`sip:+E164@provider`), or null: SMIMEA only. */
  target: string | null;
  /** Extra certificates published as SMIMEA next to the account's own. */
  extraCerts: Buffer[];
  updatedAt: number;
}

export interface ChallengeRow {
  number: string;
  codeHash: string;
  certDer: Buffer;
  keyId: string;
  target: string | null;
  expiresAt: number;
  attempts: number;
}

export interface SmsRow {
  id: number;
  number: string;
  text: string;
  sentAt: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (
  number      TEXT PRIMARY KEY,
  cert_der    BLOB NOT NULL,
  key_id      TEXT NOT NULL,
  status      TEXT NOT NULL,
  target      TEXT,
  extra_certs TEXT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS challenges (
  number     TEXT PRIMARY KEY,
  code_hash  TEXT NOT NULL,
  cert_der   BLOB NOT NULL,
  key_id     TEXT NOT NULL,
  target     TEXT,
  expires_at BIGINT NOT NULL,
  attempts   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS lockouts (
  number       TEXT PRIMARY KEY,
  locked_until BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS sms (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  number  TEXT NOT NULL,
  text    TEXT NOT NULL,
  sent_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS sms_number ON sms (number, sent_at);
CREATE TABLE IF NOT EXISTS nonces (
  key_id     TEXT NOT NULL,
  nonce      TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (key_id, nonce)
);
`;

interface RawAccount {
  number: string;
  cert_der: Buffer;
  key_id: string;
  status: AccountStatus;
  target: string | null;
  extra_certs: string;
  updated_at: number;
}

interface RawChallenge {
  number: string;
  code_hash: string;
  cert_der: Buffer;
  key_id: string;
  target: string | null;
  expires_at: number;
  attempts: number;
}

export class DirectoryDb {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` in one transaction: all of its writes, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  account(number: string): AccountRow | null {
    const row = this.db.prepare('SELECT * FROM accounts WHERE number = ?').get(number) as
      RawAccount | undefined;
    return row === undefined ? null : toAccount(row);
  }

  /** Every active account (to rebuild the published records). */
  activeAccounts(): AccountRow[] {
    const rows = this.db
      .prepare("SELECT * FROM accounts WHERE status = 'active' ORDER BY number")
      .all() as RawAccount[];
    return rows.map(toAccount);
  }

  putAccount(a: AccountRow): void {
    this.db
      .prepare(
        `INSERT INTO accounts (number, cert_der, key_id, status, target, extra_certs, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (number) DO UPDATE SET cert_der = excluded.cert_der, key_id = excluded.key_id,
           status = excluded.status, target = excluded.target, extra_certs = excluded.extra_certs,
           updated_at = excluded.updated_at`,
      )
      .run(
        a.number,
        a.certDer,
        a.keyId,
        a.status,
        a.target,
        JSON.stringify(a.extraCerts.map((c) => c.toString('base64'))),
        a.updatedAt,
      );
  }

  challenge(number: string): ChallengeRow | null {
    const row = this.db.prepare('SELECT * FROM challenges WHERE number = ?').get(number) as
      RawChallenge | undefined;
    return row === undefined
      ? null
      : {
          number: row.number,
          codeHash: row.code_hash,
          certDer: row.cert_der,
          keyId: row.key_id,
          target: row.target,
          expiresAt: row.expires_at,
          attempts: row.attempts,
        };
  }

  putChallenge(c: ChallengeRow): void {
    this.db
      .prepare(
        `INSERT INTO challenges (number, code_hash, cert_der, key_id, target, expires_at, attempts)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (number) DO UPDATE SET code_hash = excluded.code_hash,
           cert_der = excluded.cert_der, key_id = excluded.key_id, target = excluded.target,
           expires_at = excluded.expires_at, attempts = excluded.attempts`,
      )
      .run(c.number, c.codeHash, c.certDer, c.keyId, c.target, c.expiresAt, c.attempts);
  }

  countFailedAttempt(number: string): void {
    this.db.prepare('UPDATE challenges SET attempts = attempts + 1 WHERE number = ?').run(number);
  }

  deleteChallenge(number: string): void {
    this.db.prepare('DELETE FROM challenges WHERE number = ?').run(number);
  }

  lockedUntil(number: string): number | null {
    const row = this.db
      .prepare('SELECT locked_until FROM lockouts WHERE number = ?')
      .get(number) as { locked_until: number } | undefined;
    return row === undefined ? null : row.locked_until;
  }

  lock(number: string, until: number): void {
    this.db
      .prepare(
        `INSERT INTO lockouts (number, locked_until) VALUES (?, ?)
         ON CONFLICT (number) DO UPDATE SET locked_until = excluded.locked_until`,
      )
      .run(number, until);
  }

  addSms(number: string, text: string, sentAt: number): void {
    this.db
      .prepare('INSERT INTO sms (number, text, sent_at) VALUES (?, ?, ?)')
      .run(number, text, sentAt);
  }

  /** Texts sent since `since` (ms), newest first; all numbers when `number` is null. */
  sms(number: string | null, since = 0): SmsRow[] {
    const rows = (
      number === null
        ? this.db
            .prepare('SELECT * FROM sms WHERE sent_at >= ? ORDER BY id DESC LIMIT 200')
            .all(since)
        : this.db
            .prepare(
              'SELECT * FROM sms WHERE number = ? AND sent_at >= ? ORDER BY id DESC LIMIT 200',
            )
            .all(number, since)
    ) as { id: number; number: string; text: string; sent_at: number }[];
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      text: r.text,
      sentAt: r.sent_at,
    }));
  }

  /** Has this key not used this nonce yet (among those not expired)? */
  nonceFresh(keyId: string, nonce: string, now: number): boolean {
    const row = this.db
      .prepare('SELECT expires_at FROM nonces WHERE key_id = ? AND nonce = ? AND expires_at >= ?')
      .get(keyId, nonce, now);
    return row === undefined;
  }

  /** Remembers a signature nonce; false when this key already used it (a replay). */
  rememberNonce(keyId: string, nonce: string, expiresAt: number, now: number): boolean {
    this.db.prepare('DELETE FROM nonces WHERE expires_at < ?').run(now);
    const result = this.db
      .prepare(
        'INSERT INTO nonces (key_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(keyId, nonce, expiresAt);
    return result.changes === 1;
  }
}

function toAccount(row: RawAccount): AccountRow {
  return {
    number: row.number,
    certDer: row.cert_der,
    keyId: row.key_id,
    status: row.status,
    target: row.target,
    extraCerts: (JSON.parse(row.extra_certs) as string[]).map((c) => Buffer.from(c, 'base64')),
    updatedAt: row.updated_at,
  };
}
