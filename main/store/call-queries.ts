import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { CallRecordInput } from '../../shared/contract/areas/calls';
import type { CallRecord } from '../../shared/contract/requests';
import { guarded } from './storage-errors';

interface CallRow {
  id: string;
  peer: string;
  direction: CallRecord['direction'];
  outcome: CallRecord['outcome'];
  startedAt: number;
  durationSeconds: number;
  verdict: CallRecord['verdict'] | null;
}

/** Call history, newest first. A call logged twice (same Call-ID and direction) is kept once. */
export class CallQueries {
  constructor(private readonly db: Database) {}

  add(call: CallRecordInput): string {
    return guarded('save the call', () => {
      const existing = this.db
        .prepare<[string, string], { id: string }>(
          'SELECT id FROM calls WHERE call_id = ? AND direction = ?',
        )
        .get(call.callId, call.direction);
      if (existing) return existing.id;
      const id = randomUUID();
      this.db
        .prepare(
          `INSERT INTO calls (id, call_id, peer, direction, outcome, started_at, duration_seconds, verdict)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          call.callId,
          call.peer,
          call.direction,
          call.outcome,
          call.startedAt,
          call.durationSeconds,
          call.verdict ?? null,
        );
      return id;
    });
  }

  list(limit = 500): CallRecord[] {
    return this.db
      .prepare<[number], CallRow>(
        `SELECT id, peer, direction, outcome, started_at AS startedAt,
                duration_seconds AS durationSeconds, verdict
         FROM calls ORDER BY started_at DESC LIMIT ?`,
      )
      .all(limit)
      .map(({ verdict, ...rest }) => (verdict === null ? rest : { ...rest, verdict }));
  }
}
