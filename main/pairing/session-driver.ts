/**
 * Runs a pure pairing session (shared/pairing) over any duplex byte stream: a TCP socket on the
 * LAN, a relay mailbox, or an in-memory pipe in tests. It frames messages, feeds the session,
 * performs its effects in order, arms timeouts with the injected clock, and closes the stream
 * when the session ends. The stream is untrusted: every byte goes through the session's checks.
 */
import type { Duplex } from 'node:stream';
import { PairingError, type AbortReason } from '../../shared/pairing/abort-reason';
import { encodeFrame, FrameDecoder, FrameError } from '../../shared/pairing/framing';
import type { SessionEffect } from '../../shared/pairing/session-effect';
import type { PairingClock } from './pairing-clock';
import { TransportError } from './transport-error';

export interface PairingTimeouts {
  /** How long to wait for the peer's next message. */
  stepMs: number;
  /** How long the holder's user has to compare the codes and decide. */
  userMs: number;
}

/** How long a finished session waits for the peer to close before destroying the stream. */
const CLOSE_GRACE_MS = 5000;

export const DEFAULT_TIMEOUTS: PairingTimeouts = { stepMs: 30_000, userMs: 120_000 };

/** How long the driver waits in a state, and the reason it aborts with when time runs out. */
export interface StepTimeout {
  ms: number;
  reason: AbortReason;
}

/** What a driver needs from a holder or joiner session. */
export interface DrivableSession {
  readonly state: string;
  receive(message: Uint8Array, now: number): SessionEffect[];
  abort(reason: AbortReason, detail?: string): SessionEffect[];
}

export class SessionDriver {
  private readonly decoder = new FrameDecoder();
  private timer: unknown = null;
  private finished = false;
  private resolveDone!: () => void;
  private rejectDone!: (error: PairingError) => void;
  /** Settles when the session completes (resolves) or aborts (rejects with a PairingError). */
  readonly done: Promise<void>;

  constructor(
    private readonly session: DrivableSession,
    private readonly stream: Duplex,
    private readonly clock: PairingClock,
    private readonly timeoutFor: (state: string) => StepTimeout | null,
    private readonly onEffect: (effect: SessionEffect) => void,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.done.catch(() => undefined); // callers await it; never an unhandled rejection
    stream.on('data', (chunk: Buffer) => {
      this.onData(new Uint8Array(chunk));
    });
    stream.on('end', () => {
      this.onClosed();
    });
    stream.on('close', () => {
      this.onClosed();
    });
    stream.on('error', (error) => {
      this.onClosed(error);
    });
    this.arm();
  }

  /** Perform effects produced outside `receive` (start, confirm, deny, cancel). */
  run(effects: readonly SessionEffect[]): void {
    for (const effect of effects) {
      if (this.finished) return;
      switch (effect.kind) {
        case 'send':
          this.stream.write(encodeFrame(effect.message));
          break;
        case 'completed':
          this.onEffect(effect);
          this.finish(null);
          return;
        case 'aborted':
          this.onEffect(effect);
          this.finish(effect.error);
          return;
        case 'confirm-needed':
        case 'show-code':
        case 'transfer-received':
          this.onEffect(effect);
          break;
      }
    }
    this.arm();
  }

  abort(reason: AbortReason, detail?: string): void {
    if (!this.finished) this.run(this.session.abort(reason, detail));
  }

  private onData(chunk: Uint8Array): void {
    if (this.finished) return;
    let frames: Uint8Array[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      this.abort('tampered', error.message);
      return;
    }
    for (const frame of frames) {
      if (this.finished) return;
      this.run(this.session.receive(frame, this.clock.now()));
    }
  }

  private onClosed(error?: Error): void {
    if (this.finished) return;
    // A transport that knows why it failed (relay gone, mailbox expired) says so.
    if (error instanceof TransportError) this.abort(error.reason, error.detail);
    else this.abort(this.decoder.hasPartialFrame ? 'truncated' : 'peer-closed');
  }

  private arm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.finished) return;
    const timeout = this.timeoutFor(this.session.state);
    if (timeout === null) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.abort(timeout.reason);
      },
      Math.max(0, timeout.ms),
    );
  }

  private finish(error: PairingError | null): void {
    this.finished = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.stream.end();
    // A peer that never closes its side does not keep the connection alive for long.
    this.clock.setTimeout(() => {
      this.stream.destroy();
    }, CLOSE_GRACE_MS);
    if (error) this.rejectDone(error);
    else this.resolveDone();
  }
}
