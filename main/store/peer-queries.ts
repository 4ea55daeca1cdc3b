import type { Database } from 'better-sqlite3';
import { guarded } from './storage-errors';

export interface PeerRow {
  peer: string;
  displayName: string;
  /** SHA-256 of the certificate last seen for this peer in validated DNS. */
  lastFingerprint: string | null;
  /** The certificate the user accepted (first seen, or acknowledged after a change). */
  acknowledgedFingerprint: string | null;
  changedAt: number | null;
}

/** What we know of each peer's certificate, for the safety-number-change warning. */
export class PeerQueries {
  constructor(private readonly db: Database) {}

  get(peer: string): PeerRow | null {
    return (
      this.db
        .prepare<[string], PeerRow>(
          `SELECT peer, display_name AS displayName, last_fingerprint AS lastFingerprint,
                  acknowledged_fingerprint AS acknowledgedFingerprint, changed_at AS changedAt
           FROM peers WHERE peer = ?`,
        )
        .get(peer) ?? null
    );
  }

  /**
   * Records the certificate seen now. The first one seen is accepted as it is (trust on first
   * use, backed by DNSSEC); a different one later leaves the acknowledged one in place, so
   * `keyChanged` holds until the user acknowledges. Returns the row after the update.
   */
  seen(peer: string, fingerprint: string, now: number): PeerRow {
    return guarded("save the contact's certificate", () => {
      this.db
        .prepare(
          `INSERT INTO peers (peer, last_fingerprint, acknowledged_fingerprint, changed_at)
           VALUES (?, ?, ?, NULL)
           ON CONFLICT (peer) DO UPDATE SET
             changed_at = CASE WHEN last_fingerprint IS NOT excluded.last_fingerprint THEN ? ELSE changed_at END,
             last_fingerprint = excluded.last_fingerprint,
             acknowledged_fingerprint = COALESCE(acknowledged_fingerprint, excluded.last_fingerprint)`,
        )
        .run(peer, fingerprint, fingerprint, now);
      return this.get(peer) as PeerRow;
    });
  }

  /** The user accepts the certificate last seen. False when we have seen none for this peer. */
  acknowledge(peer: string): boolean {
    return guarded('save the acknowledgement', () => {
      return (
        this.db
          .prepare(
            `UPDATE peers SET acknowledged_fingerprint = last_fingerprint
             WHERE peer = ? AND last_fingerprint IS NOT NULL`,
          )
          .run(peer).changes === 1
      );
    });
  }
}

export function keyChanged(row: PeerRow | null): boolean {
  return (
    row !== null &&
    row.lastFingerprint !== null &&
    row.acknowledgedFingerprint !== null &&
    row.lastFingerprint !== row.acknowledgedFingerprint
  );
}
