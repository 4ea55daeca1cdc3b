import type { CallVerdict } from '../../shared/contract/areas/calls';
import { YakkerError } from '../../shared/contract/result';

/** Calls remembered at once; the oldest are forgotten first. */
const MAX_CALLS = 1000;

/**
 * The latest identity verdict per Call-ID. A failed verdict is final for its call: nothing that
 * arrives later in the same call (a retransmission, a re-INVITE) turns it back to verified.
 */
export class VerdictStore {
  private readonly verdicts = new Map<string, CallVerdict>();

  constructor(private readonly emit: (verdict: CallVerdict) => void) {}

  get(callId: string): CallVerdict {
    const verdict = this.verdicts.get(callId);
    if (verdict === undefined)
      throw new YakkerError('not-found', 'No call with that Call-ID has been seen.');
    return verdict;
  }

  has(callId: string): boolean {
    return this.verdicts.has(callId);
  }

  /** Records `verdict` (unless the call already failed) and announces it; returns the one kept. */
  set(verdict: CallVerdict): CallVerdict {
    const before = this.verdicts.get(verdict.callId);
    if (before?.state === 'failed') return before;
    if (before !== undefined && verdict.state === 'pending') return before;
    this.verdicts.delete(verdict.callId);
    this.verdicts.set(verdict.callId, verdict);
    while (this.verdicts.size > MAX_CALLS) {
      const oldest = this.verdicts.keys().next().value;
      if (oldest === undefined) break;
      this.verdicts.delete(oldest);
    }
    this.emit(verdict);
    return verdict;
  }
}
