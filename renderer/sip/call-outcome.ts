import type { CallRecordInput } from '../../shared/contract/areas/calls';
import type { CallView } from '../src/state/calls-store';
import { causeInWords } from './sip-causes';

export type Outcome = 'answered' | 'missed' | 'declined' | 'failed';

/** What decides how a call that failed is logged and what the screen says about it. */
export interface Ending {
  view: Pick<CallView, 'direction' | 'verdict'>;
  /** We declined it (so a failed event is "declined", not "missed"). */
  declinedByUs: boolean;
  /** Why we ended it ourselves, in plain words (e.g. the microphone would not open). */
  problem: string | null;
}

/** The call-history outcome of a call JsSIP reported as failed, by JsSIP's cause. */
export function failedOutcome(live: Ending, cause: string): Outcome {
  if (live.view.verdict?.state === 'failed' || live.problem !== null) return 'failed';
  if (live.declinedByUs) return 'declined';
  if (live.view.direction === 'incoming')
    return cause === 'Canceled' || cause === 'No Answer' ? 'missed' : 'failed';
  if (cause === 'Busy' || cause === 'Rejected') return 'declined';
  if (cause === 'Canceled' || cause === 'No Answer' || cause === 'Unavailable') return 'missed';
  return 'failed';
}

/** The words on the call screen for a call JsSIP reported as failed. */
export function failedReason(live: Ending, cause: string, status: number | undefined): string {
  const verdict = live.view.verdict;
  if (verdict?.state === 'failed')
    return `Yakker blocked this call: ${verdict.reason || 'their identity did not check out.'}`;
  if (live.problem !== null) return live.problem;
  if (live.declinedByUs) return 'You declined the call.';
  if (live.view.direction === 'incoming' && cause === 'Canceled') return 'Missed call.';
  if (live.view.direction === 'outgoing' && cause === 'Canceled') return 'Call cancelled.';
  return causeInWords(cause, status);
}

/** The call-history entry (calls.log) for a call that has just ended with `outcome`. */
export function callRecord(view: CallView, outcome: Outcome, now: number): CallRecordInput {
  const { answeredAt } = view;
  const verdict = view.verdict?.state;
  return {
    callId: view.callId,
    peer: view.peer,
    direction: view.direction,
    // A call we ended on a failed verdict (their answer did not check out) is failed, answered
    // or not.
    outcome: answeredAt === null || outcome === 'failed' ? outcome : 'answered',
    startedAt: view.startedAt,
    durationSeconds: answeredAt === null ? 0 : Math.max(0, Math.round((now - answeredAt) / 1000)),
    ...(verdict === undefined || verdict === 'pending' ? {} : { verdict }),
  };
}
