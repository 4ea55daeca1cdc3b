/**
 * SIP answers to an outgoing MESSAGE that mean "not now" rather than "no": a provider or the
 * other app that could not take it at the moment (their provider's server down or restarting,
 * a time-out, their app's keychain locked or disk full). Such a message stays queued and the
 * outbox is drained again later, with backoff, for RETRY_WINDOW_MS after it was written; only
 * then does a "not now" fail it (with Retry for the person). 477 is Kamailio's "error on sending
 * to next hop".
 */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 477, 480, 500, 502, 503, 504]);
export const RETRY_WINDOW_MS = 15 * 60_000;
export const RETRY_FIRST_MS = 2_000;
export const RETRY_MAX_MS = 30_000;

/** Runs `fn` after `ms`; returns the cancel function. */
export type Schedule = (fn: () => void, ms: number) => () => void;

const defaultSchedule: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return () => {
    clearTimeout(timer);
  };
};

/** One pending "drain again" at a time; the wait doubles up to RETRY_MAX_MS until a success. */
export class RetryTimer {
  private delay = RETRY_FIRST_MS;
  private cancel: (() => void) | null = null;

  constructor(
    private readonly fire: () => void,
    private readonly schedule: Schedule = defaultSchedule,
  ) {}

  later(): void {
    if (this.cancel !== null) return;
    const ms = this.delay;
    this.delay = Math.min(this.delay * 2, RETRY_MAX_MS);
    let fired = false;
    const cancel = this.schedule(() => {
      fired = true;
      this.cancel = null;
      this.fire();
    }, ms);
    if (!fired) this.cancel = cancel;
  }

  /** A message went through: the next "not now" starts from the short wait again. */
  succeeded(): void {
    this.delay = RETRY_FIRST_MS;
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = null;
  }
}
