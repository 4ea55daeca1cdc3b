import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, SCHEMA_VERSION, schemaVersion } from '../../../main/store/migrations';

/** Rows typical of each version, inserted right after migrating to it. */
const SEED: Record<number, string> = {
  1: `INSERT INTO messages (id, peer, direction, text, at, state) VALUES ('m1', '+15550101', 'out', 'hi', 1, 'sent');
      INSERT INTO outbox (message_id, peer, target, content_type, body) VALUES ('m1', '+15550101', 'sip:x@y', 't', 'b');`,
  2: `INSERT INTO peers (peer, last_fingerprint, acknowledged_fingerprint) VALUES ('+15550101', 'aa', 'aa');
      INSERT INTO messages (id, peer, direction, text, at, state, unread, wire_sha256) VALUES ('m2', '+15550101', 'in', 'yo', 2, 'received', 1, 'ff');`,
  3: `INSERT INTO calls (id, call_id, peer, direction, outcome, started_at, duration_seconds) VALUES ('c1', 'k', '+15550101', 'incoming', 'missed', 3, 0);`,
};

function schemaOf(db: BetterSqlite3.Database): string[] {
  return db
    .prepare<[], { sql: string }>(
      "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((r) => r.sql.replace(/\s+/g, ' '));
}

describe('store migrations', () => {
  it('has a seed for every version, so every upgrade path below carries data', () => {
    expect(Object.keys(SEED).map(Number)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  for (let start = 0; start < SCHEMA_VERSION; start++) {
    it(`upgrades a version ${start} database to ${SCHEMA_VERSION}, keeping its rows`, () => {
      const db = new BetterSqlite3(':memory:');
      for (let v = 1; v <= start; v++) {
        migrate(db, v);
        db.exec(SEED[v] ?? '');
      }
      expect(schemaVersion(db)).toBe(start);
      expect(migrate(db)).toBe(SCHEMA_VERSION);
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      const fresh = new BetterSqlite3(':memory:');
      migrate(fresh);
      expect(schemaOf(db)).toEqual(schemaOf(fresh));
      const messages = db.prepare('SELECT id FROM messages ORDER BY seq').all();
      expect(messages).toEqual([
        ...(start >= 1 ? [{ id: 'm1' }] : []),
        ...(start >= 2 ? [{ id: 'm2' }] : []),
      ]);
      // The columns later versions added have their defaults on older rows.
      if (start === 1) {
        expect(
          db.prepare("SELECT unread, wire_sha256 FROM messages WHERE id = 'm1'").get(),
        ).toEqual({
          unread: 0,
          wire_sha256: null,
        });
      }
      db.close();
      fresh.close();
    });
  }

  it('is idempotent: migrating a current database changes nothing', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    const before = schemaOf(db);
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    expect(schemaOf(db)).toEqual(before);
  });

  it('rolls a failing step back whole and keeps the previous version', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, 1);
    db.exec('CREATE TABLE peers (x INTEGER)'); // makes step 2 fail half-way
    expect(() => migrate(db)).toThrow(/peers already exists/);
    expect(schemaVersion(db)).toBe(1);
    const columns = db.prepare<[], { name: string }>("PRAGMA table_info('messages')").all();
    expect(columns.map((c) => c.name)).not.toContain('unread');
  });

  it('refuses a database from a newer Yakker', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    db.exec(`UPDATE schema_version SET version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(expect.objectContaining({ code: 'storage-failed' }));
  });
});
