/**
 * The holder's relay rendezvous: opens a mailbox with a random, unguessable 16-byte id on the
 * relay, long-polls the holder's queue, and hands over a RelayStream at the first frame (the
 * joiner's message 1), like the LAN listener hands over the first connection. Stops at expiry,
 * when closed (the LAN path won), or when the relay fails (reported once).
 */
import type { Random } from '../../shared/pairing/bytes';
import type { Rendezvous } from '../../shared/pairing/pairing-code';
import type { PairingClock } from './pairing-clock';
import { MAX_WAIT_SECONDS, RelayClient, type RelayEndpoint } from './relay-client';
import { RelayStream } from './relay-stream';
import type { TransportError } from './transport-error';

export interface RelayListenerOptions {
  endpoint: RelayEndpoint;
  random: Random;
  clock: PairingClock;
  /** Milliseconds since the epoch; the listener stops then. */
  expiresAt: number;
  onConnection: (stream: RelayStream) => void;
  /** Called once if it stopped at expiry without a frame. */
  onExpired?: () => void;
  /** Called once if the relay failed while waiting (unreachable, mailbox gone). */
  onFailed?: (error: TransportError) => void;
}

export class RelayListener {
  private readonly stop = new AbortController();
  private closed = false;
  private taken = false;
  private expiryTimer: unknown = null;
  readonly rendezvous: Rendezvous;

  private constructor(
    private readonly options: RelayListenerOptions,
    private readonly client: RelayClient,
    mailbox: Uint8Array,
  ) {
    this.rendezvous = { kind: 'relay', url: options.endpoint.url, mailbox };
  }

  /** Opens the mailbox; rejects with a TransportError when the relay cannot be used. */
  static async open(options: RelayListenerOptions): Promise<RelayListener> {
    const mailbox = options.random(16);
    const client = new RelayClient(options.endpoint, mailbox);
    try {
      await client.open();
    } catch (error) {
      client.close();
      throw error;
    }
    const listener = new RelayListener(options, client, mailbox);
    const delay = Math.max(0, options.expiresAt - options.clock.now());
    listener.expiryTimer = options.clock.setTimeout(() => {
      const waiting = !listener.taken && !listener.closed;
      listener.close();
      if (waiting) options.onExpired?.();
    }, delay);
    void listener.poll();
    return listener;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  private async poll(): Promise<void> {
    const signal = this.stop.signal;
    while (!this.closed) {
      let frame: Uint8Array | null;
      try {
        frame = await this.client.receive('holder', MAX_WAIT_SECONDS, signal);
      } catch (error) {
        if (this.closed) return;
        this.close();
        this.options.onFailed?.(error as TransportError);
        return;
      }
      if (frame === null || this.closed) continue;
      this.taken = true;
      this.close();
      this.options.onConnection(new RelayStream(this.client, 'holder', [frame]));
      return;
    }
  }

  /** Stops waiting (a stream already handed over stays open). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.expiryTimer !== null) this.options.clock.clearTimeout(this.expiryTimer);
    if (!this.taken) {
      this.stop.abort();
      this.client.close();
    }
  }
}
