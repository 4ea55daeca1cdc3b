/**
 * When to stop waiting for ICE gathering. JsSIP sends an offer or answer only once gathering is
 * complete, which in Chromium takes about 100 ms more than the host candidates need. Our calls
 * use no STUN or TURN servers (the pcConfig has none), so every candidate that will ever come is
 * a host candidate, and Chromium hands those out in one burst right after setLocalDescription.
 * This ends the wait once host candidates have stopped arriving for `quietMs`: the SDP then holds
 * the same candidates it would have held at "complete". A server-reflexive or relay candidate
 * (were ICE servers ever configured) switches the shortcut off, so such calls wait as before.
 *
 * How long is quiet enough: Chromium gathers the UDP host candidates of every network in one
 * pass (its first allocation phase) and posts them to the page within a millisecond or two;
 * the next phase (TCP host candidates) starts about 100 ms later (measured: UDP 1 ms after
 * setLocalDescription, TCP 120 ms). Candidate events posted before the timer is due run before
 * it (Blink runs tasks of one priority in the order they were posted), so a busy page delays
 * both alike. 8 ms leaves room for several networks and addresses; it was 15 ms before, which
 * cost each side 7 ms of every call's setup.
 */
export const HOST_CANDIDATES_QUIET_MS = 8;

export interface EarlyGathering {
  /** JsSIP's `icecandidate` event: the candidate and the `ready()` that ends the wait. */
  onCandidate(candidate: { type?: string | null; candidate?: string }, ready: () => void): void;
  /** Stops the timer (the call ended, or gathering completed by itself). */
  cancel(): void;
}

export function earlyGathering(
  quietMs = HOST_CANDIDATES_QUIET_MS,
  timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis,
): EarlyGathering {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let off = false;
  const cancel = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  return {
    onCandidate(candidate, ready) {
      if (off) return;
      const type = candidate.type ?? / typ (\w+)/.exec(candidate.candidate ?? '')?.[1] ?? null;
      if (type !== 'host') {
        off = true;
        cancel();
        return;
      }
      cancel();
      timer = timers.setTimeout(() => {
        timer = null;
        ready();
      }, quietMs);
    },
    cancel,
  };
}

/**
 * Set in localStorage to make calls wait for ICE gathering to complete as JsSIP does by default
 * (for measuring the difference: scripts/bench/call-setup.mjs); unset, host candidates suffice.
 */
export const WAIT_FOR_ICE_COMPLETE_KEY = 'yakker.calls.waitForIceComplete';

export function waitForIceComplete(): boolean {
  try {
    return globalThis.localStorage?.getItem(WAIT_FOR_ICE_COMPLETE_KEY) === '1';
  } catch {
    return false;
  }
}
