/**
 * A pairing transport failed (relay unreachable, mailbox gone, frame refused). A stream that
 * fails with one of these makes the session driver abort with its reason and detail, so the user
 * reads why (e.g. "the relay mailbox is gone") rather than a bare "the other device closed".
 */
import { PairingError, type AbortReason } from '../../shared/pairing/abort-reason';

export class TransportError extends PairingError {
  constructor(
    reason: AbortReason,
    readonly detail: string,
  ) {
    super(reason, false, detail);
    this.name = 'TransportError';
  }
}
