/** The holder's session over a stream: the UI shows the code, gets confirm-needed, answers. */
import type { Duplex } from 'node:stream';
import type { HolderSession, HolderState } from '../../shared/pairing/holder-session';
import type { TransferPayload } from '../../shared/pairing/transfer-payload';
import type { PairingClock } from './pairing-clock';
import {
  DEFAULT_TIMEOUTS,
  SessionDriver,
  type PairingTimeouts,
  type StepTimeout,
} from './session-driver';

export interface HolderDriverOptions {
  clock: PairingClock;
  timeouts?: PairingTimeouts;
  /** Show the new device's name and ask the user to type the code it displays. */
  onConfirmNeeded: (info: { sas: string; deviceName: string }) => void;
}

export class HolderDriver {
  private readonly driver: SessionDriver;

  constructor(
    private readonly session: HolderSession,
    stream: Duplex,
    options: HolderDriverOptions,
  ) {
    const t = options.timeouts ?? DEFAULT_TIMEOUTS;
    const timeoutFor = (state: string): StepTimeout | null => {
      const s = state as HolderState;
      switch (s) {
        case 'awaiting-hello':
          // Waiting for the joiner (on a relay it may come late): until the code expires.
          return { ms: session.expiresAtMs - options.clock.now(), reason: 'expired' };
        case 'awaiting-confirm-request':
        case 'awaiting-ack':
          return { ms: t.stepMs, reason: 'timeout' };
        case 'awaiting-user':
          return { ms: t.userMs, reason: 'timeout' };
        case 'done':
        case 'aborted':
          return null;
      }
    };
    this.driver = new SessionDriver(session, stream, options.clock, timeoutFor, (effect) => {
      if (effect.kind === 'confirm-needed') {
        options.onConfirmNeeded({ sas: effect.sas, deviceName: effect.deviceName });
      }
    });
  }

  /** Resolves when the new device acknowledged the transfer; rejects with a PairingError. */
  get done(): Promise<void> {
    return this.driver.done;
  }

  /** The user typed the code shown on the new device; the payload leaves only if it matches. */
  confirm(typedCode: string, payload: TransferPayload): void {
    if (this.isFinished()) return; // timed out or aborted meanwhile: `done` already says why
    this.driver.run(this.session.confirm(typedCode, payload));
  }

  deny(): void {
    if (this.isFinished()) return;
    this.driver.run(this.session.deny());
  }

  private isFinished(): boolean {
    return this.session.state === 'done' || this.session.state === 'aborted';
  }

  cancel(): void {
    this.driver.abort('cancelled');
  }
}
