/**
 * The holder's side (the device that has the identity and shows the QR). Noise responder.
 *
 *   awaiting-hello ──msg1 ok──▶ awaiting-confirm-request ──CONFIRM_REQUEST──▶ awaiting-user
 *   awaiting-user ──confirm(code matches)──▶ awaiting-ack ──ACK ok──▶ done
 *   any non-terminal ──error / deny / abort / timeout──▶ aborted
 *
 * One handshake attempt per session: the first message 1, good or bad, uses the code up.
 * Nothing secret is encrypted or even encoded before confirm() with the matching code.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { ABORT_REASONS, PairingError, type AbortReason } from './abort-reason';
import { equalBytes, type Random } from './bytes';
import { PairingChannel } from './channel';
import { MalformedMessageError, decodeMessage, encodeMessage, TRANSFER_CHUNK } from './messages';
import { NkPsk0Responder } from './noise';
import { isExpired, type PairingOffer } from './pairing-code';
import { deriveSas, sasMatches } from './sas';
import { REFUSAL_TYPE, type SessionEffect } from './session-effect';
import { IllegalTransitionError, StateMachine } from './state-machine';
import { encodeTransfer, type TransferPayload } from './transfer-payload';

export type HolderState =
  | 'awaiting-hello'
  | 'awaiting-confirm-request'
  | 'awaiting-user'
  | 'awaiting-ack'
  | 'done'
  | 'aborted';

const EDGES: Record<HolderState, readonly HolderState[]> = {
  'awaiting-hello': ['awaiting-confirm-request', 'aborted'],
  'awaiting-confirm-request': ['awaiting-user', 'aborted'],
  'awaiting-user': ['awaiting-ack', 'aborted'],
  'awaiting-ack': ['done', 'aborted'],
  done: [],
  aborted: [],
};

export interface HolderOptions {
  offer: PairingOffer;
  /** This device's name, shown on the new device. */
  deviceName: string;
  random: Random;
}

export class HolderSession {
  private readonly machine = new StateMachine<HolderState>('awaiting-hello', EDGES);
  private channel: PairingChannel | null = null;
  private sas = '';
  private joinerName = '';
  private sentDigest: Uint8Array | null = null;
  private handshakeAttempted = false;

  constructor(private readonly options: HolderOptions) {}

  get state(): HolderState {
    return this.machine.state;
  }

  /** When the code expires, in ms since the epoch (drivers close the rendezvous then). */
  get expiresAtMs(): number {
    return this.options.offer.code.expiresAt * 1000;
  }

  /** A Noise message from the joiner; `now` in ms from the injected clock. */
  receive(message: Uint8Array, now: number): SessionEffect[] {
    const state = this.machine.state;
    try {
      switch (state) {
        case 'awaiting-hello':
          return this.onHandshake(message, now);
        case 'awaiting-confirm-request':
        case 'awaiting-user':
        case 'awaiting-ack':
          return this.onTransport(state, message);
        case 'done':
        case 'aborted':
          // The code is spent; a second handshake gets a refusal, never an answer.
          return [{ kind: 'send', message: refusal('already-used') }];
      }
    } catch (error) {
      if (error instanceof PairingError) return this.fail(error);
      throw error;
    }
  }

  private onHandshake(message: Uint8Array, now: number): SessionEffect[] {
    if (this.handshakeAttempted) return this.fail(new PairingError('already-used', false));
    this.handshakeAttempted = true;
    const { offer } = this.options;
    if (isExpired(offer.code, now)) return this.fail(new PairingError('expired', false));
    const responder = new NkPsk0Responder(
      { prologue: offer.bytes, psk: offer.code.secret, random: this.options.random },
      offer.holderPrivateKey,
    );
    let hello;
    try {
      hello = decodeMessage(responder.readMessage1(message));
    } catch (error) {
      const reason =
        error instanceof MalformedMessageError ? 'protocol-violation' : 'handshake-failed';
      return this.fail(new PairingError(reason, false));
    } finally {
      offer.holderPrivateKey.fill(0); // one attempt: the key is never needed again
    }
    if (hello.type !== 'hello') return this.fail(new PairingError('protocol-violation', false));
    if (hello.version !== 1) return this.fail(new PairingError('unsupported-version', false));
    const reply = encodeMessage({ type: 'hello', version: 1, deviceName: this.options.deviceName });
    const { message: message2, transport } = responder.writeMessage2(reply);
    this.channel = new PairingChannel(transport);
    this.sas = deriveSas(transport.handshakeHash);
    this.joinerName = hello.deviceName;
    this.machine.transition('awaiting-confirm-request');
    return [{ kind: 'send', message: message2 }];
  }

  private onTransport(
    state: 'awaiting-confirm-request' | 'awaiting-user' | 'awaiting-ack',
    message: Uint8Array,
  ): SessionEffect[] {
    const m = this.requireChannel().open(message);
    if (m.type === 'abort') return this.fail(new PairingError(m.reason, true, m.detail));
    if (state === 'awaiting-confirm-request' && m.type === 'confirm-request') {
      this.machine.transition('awaiting-user');
      return [{ kind: 'confirm-needed', sas: this.sas, deviceName: this.joinerName }];
    }
    if (state === 'awaiting-ack' && m.type === 'ack') {
      if (!this.sentDigest || !equalBytes(m.digest, this.sentDigest)) {
        return this.fail(new PairingError('bad-transfer', false, 'acknowledged digest differs'));
      }
      this.machine.transition('done');
      this.channel?.destroy();
      return [{ kind: 'completed' }];
    }
    return this.fail(new PairingError('protocol-violation', false, `unexpected ${m.type}`));
  }

  /**
   * The user typed the code the new device shows. Only if it matches our SAS is the payload
   * encoded and sent; otherwise the joiner is told `code-mismatch` and both sides stop.
   */
  confirm(typedCode: string, payload: TransferPayload): SessionEffect[] {
    this.machine.transition('awaiting-ack'); // throws unless awaiting-user
    const channel = this.requireChannel();
    if (!sasMatches(this.sas, typedCode)) {
      return this.fail(new PairingError('code-mismatch', false), 'code-mismatch');
    }
    let bytes: Uint8Array;
    try {
      bytes = encodeTransfer(payload);
    } catch (error) {
      return this.fail(new PairingError('too-large', false, (error as Error).message));
    }
    this.sentDigest = sha256(bytes);
    const effects: SessionEffect[] = [
      { kind: 'send', message: channel.seal({ type: 'holder-confirm' }) },
    ];
    for (let at = 0; at === 0 || at < bytes.length; at += TRANSFER_CHUNK) {
      const chunk = bytes.subarray(at, at + TRANSFER_CHUNK);
      const final = at + TRANSFER_CHUNK >= bytes.length;
      const sealed = channel.seal({ type: 'transfer', final, total: bytes.length, chunk });
      effects.push({ kind: 'send', message: sealed });
    }
    bytes.fill(0);
    return effects;
  }

  /** The user refused (or the confirm screen was closed). */
  deny(): SessionEffect[] {
    const state = this.machine.state;
    if (state !== 'awaiting-user') throw new IllegalTransitionError(state, 'aborted (deny)');
    return this.fail(new PairingError('user-denied', false), 'user-denied');
  }

  /** Local stop: cancel, timeout, peer closed, truncated or tampered stream. */
  abort(reason: AbortReason, detail?: string): SessionEffect[] {
    if (this.machine.state === 'done' || this.machine.state === 'aborted') return [];
    return this.fail(new PairingError(reason, false, detail));
  }

  private requireChannel(): PairingChannel {
    if (!this.channel) throw new PairingError('protocol-violation', false, 'no channel');
    return this.channel;
  }

  private fail(error: PairingError, deny?: 'user-denied' | 'code-mismatch'): SessionEffect[] {
    const effects: SessionEffect[] = [];
    if (this.machine.state === 'done' || this.machine.state === 'aborted') return effects;
    if (this.channel && !error.remote) {
      const message = deny
        ? this.channel.seal({ type: 'holder-deny', reason: deny })
        : this.channel.seal({ type: 'abort', reason: error.reason, detail: '' });
      effects.push({ kind: 'send', message });
    } else if (!this.channel && !error.remote && this.machine.state === 'awaiting-hello') {
      effects.push({ kind: 'send', message: refusal(error.reason) });
    }
    this.channel?.destroy();
    this.machine.transition('aborted');
    effects.push({ kind: 'aborted', error });
    return effects;
  }
}

function refusal(reason: AbortReason): Uint8Array {
  return Uint8Array.of(REFUSAL_TYPE, ABORT_REASONS[reason].wire);
}
