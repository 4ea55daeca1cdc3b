/**
 * The joiner's side (the new device that scanned the QR). Noise initiator.
 *
 *   idle ──start()──▶ awaiting-hello ──msg2 ok──▶ awaiting-decision
 *   awaiting-decision ──HOLDER_CONFIRM──▶ receiving ──last TRANSFER ok──▶ done
 *   with deferAck: receiving ──last TRANSFER ok──▶ storing ──acknowledge()──▶ done
 *   any non-terminal ──error / HOLDER_DENY / ABORT / refusal / timeout──▶ aborted
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { PairingError, reasonFromWire, type AbortReason } from './abort-reason';
import { concat, type Random } from './bytes';
import { PairingChannel } from './channel';
import {
  decodeMessage,
  encodeMessage,
  MalformedMessageError,
  type PairingMessage,
} from './messages';
import { NkPsk0Initiator } from './noise';
import { isExpired, type PairingCode } from './pairing-code';
import { deriveSas } from './sas';
import { REFUSAL_TYPE, type SessionEffect } from './session-effect';
import { IllegalTransitionError, StateMachine } from './state-machine';
import { decodeTransfer, MAX_TRANSFER_BYTES } from './transfer-payload';

export type JoinerState =
  'idle' | 'awaiting-hello' | 'awaiting-decision' | 'receiving' | 'storing' | 'done' | 'aborted';

const EDGES: Record<JoinerState, readonly JoinerState[]> = {
  idle: ['awaiting-hello', 'aborted'],
  'awaiting-hello': ['awaiting-decision', 'aborted'],
  'awaiting-decision': ['receiving', 'aborted'],
  receiving: ['done', 'storing', 'aborted'],
  storing: ['done', 'aborted'],
  done: [],
  aborted: [],
};

export interface JoinerOptions {
  /** The exact bytes decoded from the QR/text (the Noise prologue) and their decoding. */
  codeBytes: Uint8Array;
  code: PairingCode;
  /** This device's name, shown on the holder's confirm screen. */
  deviceName: string;
  random: Random;
  /** Tolerated clock difference with the holder (the holder's clock decides). Default 60 s. */
  skewSeconds?: number;
  /**
   * Hold the ACK until acknowledge(): the caller stores the identity first, so the holder
   * hears "done" only when the keys are really stored (or ABORT with why they are not).
   */
  deferAck?: boolean;
}

export class JoinerSession {
  private readonly machine = new StateMachine<JoinerState>('idle', EDGES);
  private initiator: NkPsk0Initiator | null = null;
  private channel: PairingChannel | null = null;
  private received: Uint8Array[] = [];
  private receivedBytes = 0;
  private expectedTotal = -1;
  private pendingAck: Uint8Array | null = null;

  constructor(private readonly options: JoinerOptions) {}

  get state(): JoinerState {
    return this.machine.state;
  }

  /** Message 1: our HELLO under `psk, e, es`. Refuses an expired code without sending. */
  start(now: number): SessionEffect[] {
    if (this.machine.state !== 'idle') {
      throw new IllegalTransitionError(this.machine.state, 'awaiting-hello');
    }
    const { code, codeBytes } = this.options;
    if (isExpired(code, now, this.options.skewSeconds ?? 60)) {
      return this.fail(new PairingError('expired', false));
    }
    this.initiator = new NkPsk0Initiator(
      { prologue: codeBytes, psk: code.secret, random: this.options.random },
      code.holderPublicKey,
    );
    const hello = encodeMessage({ type: 'hello', version: 1, deviceName: this.options.deviceName });
    const message = this.initiator.writeMessage1(hello);
    this.machine.transition('awaiting-hello');
    return [{ kind: 'send', message }];
  }

  receive(message: Uint8Array): SessionEffect[] {
    const state = this.machine.state;
    try {
      switch (state) {
        case 'idle':
          throw new PairingError('protocol-violation', false, 'message before start');
        case 'awaiting-hello':
          return this.onHandshake(message);
        case 'awaiting-decision':
        case 'receiving':
          return this.onTransport(state, this.requireChannel().open(message));
        case 'storing': {
          const m = this.requireChannel().open(message);
          if (m.type === 'abort') throw new PairingError(m.reason, true, m.detail);
          throw new PairingError('protocol-violation', false, `unexpected ${m.type}`);
        }
        case 'done':
        case 'aborted':
          return [];
      }
    } catch (error) {
      if (error instanceof PairingError) return this.fail(error);
      throw error;
    }
  }

  private onHandshake(message: Uint8Array): SessionEffect[] {
    if (message.length === 2 && message[0] === REFUSAL_TYPE) {
      // Unauthenticated: anyone on the path could send it, but anyone could also cut the line.
      const reason = reasonFromWire(message[1] ?? 0) ?? 'protocol-violation';
      return this.fail(new PairingError(reason, true, 'refused before the handshake'));
    }
    if (!this.initiator) throw new PairingError('protocol-violation', false, 'no handshake');
    let hello: PairingMessage;
    let channel: PairingChannel;
    let sas: string;
    try {
      const { payload, transport } = this.initiator.readMessage2(message);
      channel = new PairingChannel(transport);
      sas = deriveSas(transport.handshakeHash);
      hello = decodeMessage(payload);
    } catch (error) {
      const reason =
        error instanceof MalformedMessageError ? 'protocol-violation' : 'handshake-failed';
      throw new PairingError(reason, false);
    }
    this.initiator = null;
    this.channel = channel;
    if (hello.type !== 'hello') throw new PairingError('protocol-violation', false);
    if (hello.version !== 1) throw new PairingError('unsupported-version', false);
    this.machine.transition('awaiting-decision');
    return [
      { kind: 'send', message: channel.seal({ type: 'confirm-request' }) },
      { kind: 'show-code', sas, holderName: hello.deviceName },
    ];
  }

  private onTransport(
    state: 'awaiting-decision' | 'receiving',
    m: PairingMessage,
  ): SessionEffect[] {
    if (m.type === 'abort') throw new PairingError(m.reason, true, m.detail);
    if (state === 'awaiting-decision' && m.type === 'holder-deny') {
      throw new PairingError(m.reason, true);
    }
    if (state === 'awaiting-decision' && m.type === 'holder-confirm') {
      this.machine.transition('receiving');
      return [];
    }
    if (state === 'receiving' && m.type === 'transfer') return this.onChunk(m);
    throw new PairingError('protocol-violation', false, `unexpected ${m.type}`);
  }

  private onChunk(m: Extract<PairingMessage, { type: 'transfer' }>): SessionEffect[] {
    if (this.expectedTotal < 0) this.expectedTotal = m.total;
    if (m.total !== this.expectedTotal) throw new PairingError('bad-transfer', false, 'total');
    if (m.total > MAX_TRANSFER_BYTES) throw new PairingError('too-large', false);
    this.receivedBytes += m.chunk.length;
    if (this.receivedBytes > m.total) throw new PairingError('bad-transfer', false, 'overrun');
    this.received.push(m.chunk);
    if (!m.final) return [];
    if (this.receivedBytes !== m.total) throw new PairingError('bad-transfer', false, 'short');
    const bytes = concat(...this.received);
    this.received = [];
    let payload;
    try {
      payload = decodeTransfer(bytes);
    } catch (error) {
      throw new PairingError('bad-transfer', false, (error as Error).message);
    }
    const digest = sha256(bytes);
    bytes.fill(0);
    if (this.options.deferAck) {
      // Sealed only in acknowledge(): an ABORT instead must take the next nonce.
      this.pendingAck = digest;
      this.machine.transition('storing');
      return [{ kind: 'transfer-received', payload }];
    }
    const ack = this.requireChannel().seal({ type: 'ack', digest });
    this.machine.transition('done');
    this.channel?.destroy();
    return [
      { kind: 'send', message: ack },
      { kind: 'transfer-received', payload },
      { kind: 'completed' },
    ];
  }

  /** deferAck: the identity is stored; tell the holder (ACK) and finish. */
  acknowledge(): SessionEffect[] {
    const digest = this.pendingAck;
    if (this.machine.state !== 'storing' || !digest) {
      throw new IllegalTransitionError(this.machine.state, 'done (acknowledge)');
    }
    this.pendingAck = null;
    const ack = this.requireChannel().seal({ type: 'ack', digest });
    this.machine.transition('done');
    this.channel?.destroy();
    return [{ kind: 'send', message: ack }, { kind: 'completed' }];
  }

  /** Local stop: cancel, timeout, peer closed, truncated or tampered stream. */
  abort(reason: AbortReason, detail?: string): SessionEffect[] {
    if (this.machine.state === 'done' || this.machine.state === 'aborted') return [];
    return this.fail(new PairingError(reason, false, detail), detail);
  }

  private requireChannel(): PairingChannel {
    if (!this.channel) throw new PairingError('protocol-violation', false, 'no channel');
    return this.channel;
  }

  private fail(error: PairingError, detail = ''): SessionEffect[] {
    if (this.machine.state === 'done' || this.machine.state === 'aborted') return [];
    const effects: SessionEffect[] = [];
    if (this.channel && !error.remote) {
      // Only a failure to store says why (e.g. the keychain is locked); nothing else does.
      const said = this.machine.state === 'storing' ? detail : '';
      effects.push({
        kind: 'send',
        message: this.channel.seal({ type: 'abort', reason: error.reason, detail: said }),
      });
    }
    this.pendingAck = null;
    this.channel?.destroy();
    this.received = [];
    this.machine.transition('aborted');
    effects.push({ kind: 'aborted', error });
    return effects;
  }
}
