import type { Database } from 'better-sqlite3';
import type { ChatMessage } from '../../shared/contract/areas/messages';
import { guarded } from './storage-errors';

interface MessageRow {
  id: string;
  peer: string;
  direction: 'in' | 'out';
  text: string;
  at: number;
  state: ChatMessage['state'];
  error: string | null;
}

const COLUMNS = 'id, peer, direction, text, at, state, error';

function toMessage(row: MessageRow): ChatMessage {
  const { error, ...rest } = row;
  return error === null ? rest : { ...rest, error };
}

/** Chat messages: one row per (peer, message id); a second copy of an id is dropped. */
export class MessageQueries {
  constructor(private readonly db: Database) {}

  /** Adds a message; false when this peer's message id is already stored (a duplicate). */
  insert(message: ChatMessage, options: { unread?: boolean; wireSha256?: string } = {}): boolean {
    return guarded('save the message', () => {
      const result = this.db
        .prepare(
          `INSERT OR IGNORE INTO messages (${COLUMNS}, unread, wire_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          message.id,
          message.peer,
          message.direction,
          message.text,
          message.at,
          message.state,
          message.error ?? null,
          options.unread ? 1 : 0,
          options.wireSha256 ?? null,
        );
      return result.changes === 1;
    });
  }

  /** True when this peer already sent a message under this id. */
  has(peer: string, id: string): boolean {
    return (
      this.db
        .prepare<[string, string], { n: number }>(
          'SELECT COUNT(*) AS n FROM messages WHERE peer = ? AND id = ?',
        )
        .get(peer, id)?.n === 1
    );
  }

  /** True when exactly this ciphertext from this peer is already stored (a redelivery). */
  hasWire(peer: string, wireSha256: string): boolean {
    return (
      this.db
        .prepare<[string, string], { n: number }>(
          'SELECT COUNT(*) AS n FROM messages WHERE peer = ? AND wire_sha256 = ?',
        )
        .get(peer, wireSha256)?.n !== 0
    );
  }

  /** Outgoing messages still waiting to be sealed or sent, oldest first. */
  pendingOutgoing(): ChatMessage[] {
    return this.db
      .prepare<[], MessageRow>(
        `SELECT ${COLUMNS} FROM messages WHERE direction = 'out' AND state IN ('queued', 'sending')
         ORDER BY seq`,
      )
      .all()
      .map(toMessage);
  }

  /** One of our own messages, by id. */
  getOutgoing(id: string): ChatMessage | null {
    const row = this.db
      .prepare<[string], MessageRow>(
        `SELECT ${COLUMNS} FROM messages WHERE id = ? AND direction = 'out'`,
      )
      .get(id);
    return row ? toMessage(row) : null;
  }

  /** Changes an outgoing message's state; returns it, or null when there is no such message. */
  setState(
    id: string,
    state: ChatMessage['state'],
    error: string | null = null,
  ): ChatMessage | null {
    return guarded('update the message', () => {
      const changed = this.db
        .prepare(`UPDATE messages SET state = ?, error = ? WHERE id = ? AND direction = 'out'`)
        .run(state, error, id);
      return changed.changes === 1 ? this.getOutgoing(id) : null;
    });
  }

  /** A thread, oldest first: the newest `limit` messages written before `before` (ms). */
  list(peer: string, before = Number.MAX_SAFE_INTEGER, limit = 100): ChatMessage[] {
    const rows = this.db
      .prepare<[string, number, number], MessageRow>(
        `SELECT ${COLUMNS} FROM messages WHERE peer = ? AND at < ?
         ORDER BY at DESC, seq DESC LIMIT ?`,
      )
      .all(peer, before, limit);
    return rows.reverse().map(toMessage);
  }

  markRead(peer: string): number {
    return guarded('mark the chat as read', () => {
      return this.db
        .prepare('UPDATE messages SET unread = 0 WHERE peer = ? AND unread = 1')
        .run(peer).changes;
    });
  }

  /** Outgoing messages left `sending` by a crash: they go back to `queued`. */
  requeueInterrupted(): number {
    return guarded('recover unsent messages', () => {
      return this.db
        .prepare(
          `UPDATE messages SET state = 'queued' WHERE direction = 'out' AND state = 'sending'`,
        )
        .run().changes;
    });
  }
}

export interface ChatRow {
  peer: string;
  lastMessage: string;
  lastAt: number;
  unread: number;
}

/** One row per peer with the newest message and the unread count, newest chat first. */
export function chatRows(db: Database): ChatRow[] {
  return db
    .prepare<[], ChatRow>(
      `SELECT m.peer AS peer, m.text AS lastMessage, m.at AS lastAt,
              (SELECT COUNT(*) FROM messages u WHERE u.peer = m.peer AND u.unread = 1) AS unread
       FROM messages m
       WHERE m.seq = (SELECT n.seq FROM messages n WHERE n.peer = m.peer ORDER BY n.at DESC, n.seq DESC LIMIT 1)
       ORDER BY m.at DESC, m.seq DESC`,
    )
    .all();
}
