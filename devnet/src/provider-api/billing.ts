/**
 * Turns Kamailio's PSTN call records (acc.sqlite, table acc_cdrs: one row per ended call, with
 * its duration) into charges of rate x duration on the caller's balance. Only reads acc.sqlite
 * (Kamailio is its only writer); every CDR is charged exactly once (its id is the
 * charge's key). Runs on a timer and before every balance answer, so a balance read right after
 * a hang-up already includes the call once Kamailio has written its record.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { ApiStore, CallRecord } from './api-store';

export interface Billing {
  /** Charges every new record now; returns how many. */
  sync(): number;
  stop(): void;
}

export function startBilling(options: {
  store: ApiStore;
  accDbPath: string;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}): Billing {
  let db: Database.Database | undefined;
  const open = (): Database.Database | undefined => {
    if (db === undefined && existsSync(options.accDbPath)) {
      db = new Database(options.accDbPath, { fileMustExist: true });
      db.pragma('busy_timeout = 5000');
    }
    return db;
  };
  const sync = (): number => {
    const acc = open();
    if (acc === undefined) return 0;
    const rows = acc
      .prepare(
        'SELECT id, callid, src_user, dst_user, duration FROM acc_cdrs WHERE id > ? ORDER BY id LIMIT 500',
      )
      .all(options.store.lastChargedCdrId()) as {
      id: number;
      callid: string;
      src_user: string;
      dst_user: string;
      duration: number;
    }[];
    const records: CallRecord[] = rows.map((r) => ({
      id: r.id,
      callId: r.callid,
      srcUser: r.src_user,
      dstUser: r.dst_user,
      seconds: r.duration,
    }));
    return records.length === 0 ? 0 : options.store.applyCallRecords(records, Date.now());
  };
  const timer = setInterval(() => {
    try {
      sync();
    } catch (error) {
      options.onError?.(error);
    }
  }, options.intervalMs ?? 1000);
  timer.unref();
  return {
    sync,
    stop: () => {
      clearInterval(timer);
      db?.close();
      db = undefined;
    },
  };
}
