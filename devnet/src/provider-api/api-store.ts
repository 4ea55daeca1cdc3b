/**
 * The provider API's state, `<provider state>/api.sqlite` (better-sqlite3, WAL): accounts and
 * balances, rates, seen request nonces, top-up tokens (only their SHA-256), credits and charges.
 * Only this process writes it; Kamailio reads `account` and `rate` (route[PSTN]: balance > 0,
 * rate by prefix). Charges come from Kamailio's CDRs in acc.sqlite (see billing.ts).
 * Every write that changes money is one transaction.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DEVNET_RATES, chargeMicros, type Rate } from './rates';

const SCHEMA = `
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS account (
  number TEXT PRIMARY KEY NOT NULL,
  sip_user TEXT NOT NULL,
  key_id TEXT NOT NULL,
  balance_micros INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  closed_at INTEGER
);
CREATE TABLE IF NOT EXISTS rate (
  prefix TEXT PRIMARY KEY NOT NULL,
  per_minute_micros INTEGER NOT NULL CHECK (per_minute_micros > 0),
  description TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS nonce (
  nonce TEXT PRIMARY KEY NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS topup (
  token_sha256 TEXT PRIMARY KEY NOT NULL,
  number TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE TABLE IF NOT EXISTS credit (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL,
  amount_micros INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS charge (
  cdr_id INTEGER PRIMARY KEY NOT NULL,
  number TEXT NOT NULL,
  destination TEXT NOT NULL,
  call_id TEXT NOT NULL,
  seconds REAL NOT NULL,
  per_minute_micros INTEGER NOT NULL,
  amount_micros INTEGER NOT NULL,
  at INTEGER NOT NULL
);
`;

export interface AccountRow {
  number: string;
  sipUser: string;
  keyId: string;
  balanceMicros: number;
  createdAt: number;
  closedAt: number | null;
}

export interface ChargeRow {
  destination: string;
  callId: string;
  seconds: number;
  perMinuteMicros: number;
  amountMicros: number;
  at: number;
}

/** One CDR from acc.sqlite, as billing.ts reads it. */
export interface CallRecord {
  id: number;
  callId: string;
  srcUser: string;
  dstUser: string;
  seconds: number;
}

export type TopUpOutcome =
  | { ok: true; number: string; balanceMicros: number }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'closed' };

export interface ApiStore {
  path: string;
  account(number: string): AccountRow | null;
  /** Creates the account, or reopens a closed one / re-issues for an open one (same row). */
  upsertAccount(
    number: string,
    sipUser: string,
    keyId: string,
    now: number,
  ): 'created' | 'reissued' | 'reopened';
  closeAccount(number: string, now: number): boolean;
  rates(): Rate[];
  rateFor(destination: string): Rate | null;
  /** True if the nonce is new (and now remembered until `expiresAt`); false for a replay. */
  rememberNonce(nonce: string, expiresAt: number, now: number): boolean;
  nonceSeen(nonce: string, now: number): boolean;
  createTopUp(number: string, token: string, expiresAt: number): void;
  topUpState(token: string, now: number): TopUpOutcome;
  /** Consumes the token (once) and adds the credit, in one transaction. */
  redeemTopUp(token: string, amountMicros: number, now: number): TopUpOutcome;
  charges(number: string, limit: number): ChargeRow[];
  lastChargedCdrId(): number;
  /** Charges rate x duration for each record not charged yet; returns how many were new. */
  applyCallRecords(records: readonly CallRecord[], now: number): number;
  close(): void;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function apiDbPath(providerStateDir: string): string {
  return join(providerStateDir, 'api.sqlite');
}

export function openApiStore(
  providerStateDir: string,
  rates: readonly Rate[] = DEVNET_RATES,
): ApiStore {
  const path = apiDbPath(providerStateDir);
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const setRates = db.transaction((list: readonly Rate[]) => {
    db.prepare('DELETE FROM rate').run();
    const ins = db.prepare(
      'INSERT INTO rate (prefix, per_minute_micros, description) VALUES (?, ?, ?)',
    );
    for (const r of list) ins.run(r.prefix, r.perMinuteMicros, r.description);
  });
  setRates(rates);

  const rowToAccount = (r: Record<string, unknown> | undefined): AccountRow | null =>
    r === undefined
      ? null
      : {
          number: String(r['number']),
          sipUser: String(r['sip_user']),
          keyId: String(r['key_id']),
          balanceMicros: Number(r['balance_micros']),
          createdAt: Number(r['created_at']),
          closedAt: r['closed_at'] === null ? null : Number(r['closed_at']),
        };
  const getAccount = db.prepare('SELECT * FROM account WHERE number = ?');
  const account = (number: string): AccountRow | null =>
    rowToAccount(getAccount.get(number) as Record<string, unknown> | undefined);

  const rateFor = (destination: string): Rate | null => {
    const r = db
      .prepare(
        "SELECT prefix, per_minute_micros, description FROM rate WHERE ? LIKE prefix || '%' ORDER BY length(prefix) DESC LIMIT 1",
      )
      .get(destination) as
      { prefix: string; per_minute_micros: number; description: string } | undefined;
    return r === undefined
      ? null
      : { prefix: r.prefix, perMinuteMicros: r.per_minute_micros, description: r.description };
  };

  const topUpState = (token: string, now: number): TopUpOutcome => {
    const t = db.prepare('SELECT * FROM topup WHERE token_sha256 = ?').get(sha256(token)) as
      { number: string; expires_at: number; used_at: number | null } | undefined;
    if (t === undefined) return { ok: false, reason: 'unknown' };
    if (t.used_at !== null) return { ok: false, reason: 'used' };
    if (t.expires_at <= now) return { ok: false, reason: 'expired' };
    const a = account(t.number);
    if (a === null || a.closedAt !== null) return { ok: false, reason: 'closed' };
    return { ok: true, number: t.number, balanceMicros: a.balanceMicros };
  };

  return {
    path,
    account,
    upsertAccount: db.transaction((number: string, sipUser: string, keyId: string, now: number) => {
      const existing = account(number);
      if (existing === null) {
        db.prepare(
          'INSERT INTO account (number, sip_user, key_id, balance_micros, created_at) VALUES (?, ?, ?, 0, ?)',
        ).run(number, sipUser, keyId, now);
        return 'created' as const;
      }
      db.prepare(
        'UPDATE account SET sip_user = ?, key_id = ?, closed_at = NULL WHERE number = ?',
      ).run(sipUser, keyId, number);
      return existing.closedAt === null ? ('reissued' as const) : ('reopened' as const);
    }),
    closeAccount: (number, now) =>
      db
        .prepare('UPDATE account SET closed_at = ? WHERE number = ? AND closed_at IS NULL')
        .run(now, number).changes === 1,
    rates: () =>
      (
        db
          .prepare('SELECT prefix, per_minute_micros, description FROM rate ORDER BY prefix')
          .all() as {
          prefix: string;
          per_minute_micros: number;
          description: string;
        }[]
      ).map((r) => ({
        prefix: r.prefix,
        perMinuteMicros: r.per_minute_micros,
        description: r.description,
      })),
    rateFor,
    nonceSeen: (nonce, now) =>
      db.prepare('SELECT 1 FROM nonce WHERE nonce = ? AND expires_at > ?').get(nonce, now) !==
      undefined,
    rememberNonce: db.transaction((nonce: string, expiresAt: number, now: number) => {
      db.prepare('DELETE FROM nonce WHERE expires_at <= ?').run(now);
      return (
        db
          .prepare('INSERT OR IGNORE INTO nonce (nonce, expires_at) VALUES (?, ?)')
          .run(nonce, expiresAt).changes === 1
      );
    }),
    createTopUp: (number, token, expiresAt) => {
      db.prepare('INSERT INTO topup (token_sha256, number, expires_at) VALUES (?, ?, ?)').run(
        sha256(token),
        number,
        expiresAt,
      );
    },
    topUpState,
    redeemTopUp: db.transaction(
      (token: string, amountMicros: number, now: number): TopUpOutcome => {
        const state = topUpState(token, now);
        if (!state.ok) return state;
        db.prepare('UPDATE topup SET used_at = ? WHERE token_sha256 = ? AND used_at IS NULL').run(
          now,
          sha256(token),
        );
        db.prepare('INSERT INTO credit (number, amount_micros, at) VALUES (?, ?, ?)').run(
          state.number,
          amountMicros,
          now,
        );
        db.prepare('UPDATE account SET balance_micros = balance_micros + ? WHERE number = ?').run(
          amountMicros,
          state.number,
        );
        return {
          ok: true,
          number: state.number,
          balanceMicros: state.balanceMicros + amountMicros,
        };
      },
    ),
    charges: (number, limit) =>
      (
        db
          .prepare('SELECT * FROM charge WHERE number = ? ORDER BY cdr_id DESC LIMIT ?')
          .all(number, limit) as Record<string, unknown>[]
      ).map((r) => ({
        destination: String(r['destination']),
        callId: String(r['call_id']),
        seconds: Number(r['seconds']),
        perMinuteMicros: Number(r['per_minute_micros']),
        amountMicros: Number(r['amount_micros']),
        at: Number(r['at']),
      })),
    lastChargedCdrId: () =>
      (db.prepare('SELECT coalesce(max(cdr_id), 0) AS m FROM charge').get() as { m: number }).m,
    applyCallRecords: db.transaction((records: readonly CallRecord[], now: number) => {
      let applied = 0;
      for (const rec of records) {
        const rate = rateFor(rec.dstUser);
        const perMinute = rate?.perMinuteMicros ?? 0;
        const amount = chargeMicros(perMinute, rec.seconds);
        const inserted = db
          .prepare(
            'INSERT OR IGNORE INTO charge (cdr_id, number, destination, call_id, seconds, per_minute_micros, amount_micros, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(rec.id, rec.srcUser, rec.dstUser, rec.callId, rec.seconds, perMinute, amount, now);
        if (inserted.changes === 1) {
          db.prepare('UPDATE account SET balance_micros = balance_micros - ? WHERE number = ?').run(
            amount,
            rec.srcUser,
          );
          applied += 1;
        }
      }
      return applied;
    }),
    close: () => {
      db.close();
    },
  };
}
