/** The new device's session over a stream: start, show the code, receive the transfer. */
import type { Duplex } from 'node:stream';
import { PairingError } from '../../shared/pairing/abort-reason';
import type { JoinerSession, JoinerState } from '../../shared/pairing/joiner-session';
import type { TransferPayload } from '../../shared/pairing/transfer-payload';
import type { PairingClock } from './pairing-clock';
import {
  DEFAULT_TIMEOUTS,
  SessionDriver,
  type PairingTimeouts,
  type StepTimeout,
} from './session-driver';

export interface JoinerDriverOptions {
  clock: PairingClock;
  timeouts?: PairingTimeouts;
  /** Show the code (and the holder's device name) while the holder decides. */
  onShowCode: (info: { sas: string; holderName: string }) => void;
  /**
   * With a session made with deferAck: the transfer arrived; store it, then call
   * acknowledge() (or fail(detail) to tell the holder it could not be stored).
   */
  onTransfer?: (payload: TransferPayload) => void;
}

export class JoinerDriver {
  private readonly driver: SessionDriver;
  private payload: TransferPayload | null = null;
  /** Resolves with the transferred identities and settings; rejects with a PairingError. */
  readonly result: Promise<TransferPayload>;

  constructor(
    private readonly session: JoinerSession,
    stream: Duplex,
    options: JoinerDriverOptions,
  ) {
    const t = options.timeouts ?? DEFAULT_TIMEOUTS;
    const timeoutFor = (state: string): StepTimeout | null => {
      const s = state as JoinerState;
      switch (s) {
        case 'idle':
        case 'awaiting-hello':
        case 'receiving':
          return { ms: t.stepMs, reason: 'timeout' };
        case 'awaiting-decision':
          // The holder's user may take all of userMs to compare the codes.
          return { ms: t.userMs + t.stepMs, reason: 'timeout' };
        case 'storing':
          // The keychain may ask its user to unlock it.
          return { ms: t.userMs, reason: 'timeout' };
        case 'done':
        case 'aborted':
          return null;
      }
    };
    this.driver = new SessionDriver(session, stream, options.clock, timeoutFor, (effect) => {
      if (effect.kind === 'show-code') {
        options.onShowCode({ sas: effect.sas, holderName: effect.holderName });
      }
      if (effect.kind === 'transfer-received') {
        this.payload = effect.payload;
        options.onTransfer?.(effect.payload);
      }
    });
    this.result = this.driver.done.then(() => {
      if (!this.payload) throw new PairingError('bad-transfer', false, 'completed without data');
      return this.payload;
    });
    this.result.catch(() => undefined);
    this.driver.run(session.start(options.clock.now()));
  }

  /** deferAck: the transfer is stored; send the ACK and finish. */
  acknowledge(): void {
    if (this.session.state === 'storing') this.driver.run(this.session.acknowledge());
  }

  /** deferAck: storing failed; the holder hears `cancelled` with this detail. */
  fail(detail: string): void {
    this.driver.abort('cancelled', detail);
  }

  cancel(): void {
    this.driver.abort('cancelled');
  }
}
