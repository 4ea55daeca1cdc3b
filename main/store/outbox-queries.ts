import type { Database } from 'better-sqlite3';
import type { OutboundMessage } from '../../shared/contract/areas/messages';
import { guarded } from './storage-errors';

/**
 * Sealed MESSAGEs waiting for the renderer's UA, in the order they were written. A row stays
 * until the UA reports a final result, so the outbox survives a crash or a restart.
 */
export class OutboxQueries {
  constructor(private readonly db: Database) {}

  add(peer: string, message: OutboundMessage): void {
    guarded('queue the message', () => {
      this.db
        .prepare(
          `INSERT INTO outbox (message_id, peer, target, content_type, body) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (message_id) DO UPDATE SET target = excluded.target,
             content_type = excluded.content_type, body = excluded.body`,
        )
        .run(message.id, peer, message.target, message.contentType, message.body);
    });
  }

  /** Sealed messages whose message is waiting (queued or sending), oldest first. */
  waiting(): OutboundMessage[] {
    return this.db
      .prepare<[], OutboundMessage>(
        `SELECT o.message_id AS id, o.target, o.content_type AS contentType, o.body FROM outbox o
         JOIN messages m ON m.id = o.message_id AND m.direction = 'out'
         WHERE m.state IN ('queued', 'sending') ORDER BY o.seq`,
      )
      .all();
  }

  remove(messageId: string): boolean {
    return guarded('update the outbox', () => {
      return (
        this.db.prepare('DELETE FROM outbox WHERE message_id = ?').run(messageId).changes === 1
      );
    });
  }

  has(messageId: string): boolean {
    return (
      this.db
        .prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE message_id = ?')
        .get(messageId)?.n === 1
    );
  }

  get size(): number {
    return this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox').get()?.n ?? 0;
  }
}
