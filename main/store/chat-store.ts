import type { Database } from 'better-sqlite3';
import type { Logger } from '../core/logger';
import { CallQueries } from './call-queries';
import { MessageQueries } from './message-queries';
import { openDatabase } from './open-database';
import { OutboxQueries } from './outbox-queries';
import { PeerQueries } from './peer-queries';
import { guarded } from './storage-errors';

/** The file name in the data folder. */
export const STORE_FILE = 'yakker.db';

/** main/store: history, outbox, peers and calls in one SQLite file (docs/storage.md). */
export class ChatStore {
  readonly messages: MessageQueries;
  readonly outbox: OutboxQueries;
  readonly peers: PeerQueries;
  readonly calls: CallQueries;

  private constructor(
    readonly db: Database,
    /** Set when a damaged database was renamed aside at open (tell the user where). */
    readonly keptAside: string | null,
  ) {
    this.messages = new MessageQueries(db);
    this.outbox = new OutboxQueries(db);
    this.peers = new PeerQueries(db);
    this.calls = new CallQueries(db);
  }

  static open(path: string, logger: Logger, now: () => number = Date.now): ChatStore {
    const { db, keptAside } = openDatabase(path, logger, now);
    return new ChatStore(db, keptAside);
  }

  /** Runs `work` in one transaction: all of it is stored, or none of it. */
  transaction<T>(doing: string, work: () => T): T {
    return guarded(doing, () => this.db.transaction(work)());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
