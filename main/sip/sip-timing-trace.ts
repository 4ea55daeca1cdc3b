import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Where a SIP message is in main when a timing trace line is written. */
export type SipTraceStep =
  /** The renderer handed the message over (sip.send). */
  | 'send'
  /** The identity layer is done with it (signed, or passed as it was). */
  | 'filtered-out'
  /** Written to the socket. */
  | 'written'
  /** A whole message came off the socket. */
  | 'received'
  /** The identity layer is done with it (checked, or passed as it was). */
  | 'filtered-in'
  /** Given to the renderer (sip.data). */
  | 'delivered'
  /** The identity check of the message decided its verdict. */
  | 'verdict';

export type SipTimingTrace = (step: SipTraceStep, text: string) => void;

/**
 * A timing trace of SIP messages through main for measuring call setup
 * (scripts/bench/call-setup.mjs): with YAKKER_SIP_TIMING_TRACE=<file>, one JSON line per step
 * with the wall-clock time in fractional milliseconds (comparable with a page's
 * `performance.timeOrigin + mark.startTime`), the process, the step, the message's first line, CSeq and
 * Call-ID. No bodies, no numbers beyond what the first line holds; off unless the variable is set.
 */
export function sipTimingTraceFromEnv(
  env: Record<string, string | undefined> = process.env,
): SipTimingTrace | undefined {
  const file = env['YAKKER_SIP_TIMING_TRACE'];
  if (!file) return undefined;
  return (step, text) => {
    const t = performance.timeOrigin + performance.now();
    const firstLine = text.slice(0, Math.max(0, text.indexOf('\r\n'))).slice(0, 80);
    const callId = /^(?:call-id|i)\s*:\s*(.+)$/im.exec(text)?.[1]?.trim() ?? null;
    const cseq = /^cseq\s*:\s*(.+)$/im.exec(text)?.[1]?.trim() ?? null;
    try {
      appendFileSync(
        file,
        `${JSON.stringify({ t, pid: process.pid, step, firstLine, cseq, callId })}\n`,
      );
    } catch {
      // A trace is a measuring aid: a full disk must not break a call.
    }
  };
}
