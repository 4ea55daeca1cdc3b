/**
 * The direct (LAN) rendezvous: a short-lived TCP listener bound only to the addresses it is
 * given (never the unspecified address), one server per address. It hands over the first
 * connection, refuses any other with the pairing refusal frame (`already-used`), and closes
 * every server after that first connection or at expiry, whichever comes first.
 */
import { createServer, isIP, type Server, type Socket } from 'node:net';
import { ABORT_REASONS } from '../../shared/pairing/abort-reason';
import { encodeFrame } from '../../shared/pairing/framing';
import type { Rendezvous } from '../../shared/pairing/pairing-code';
import { REFUSAL_TYPE } from '../../shared/pairing/session-effect';
import { YakkerError } from '../../shared/contract/result';
import type { PairingClock } from './pairing-clock';

export interface LanListenerOptions {
  /** LAN addresses of this device (IP literals). The caller chooses them; tests use 127.0.0.1. */
  hosts: readonly string[];
  clock: PairingClock;
  /** Milliseconds since the epoch; the listener closes then. */
  expiresAt: number;
  onConnection: (socket: Socket) => void;
  /** Called once if the listener closed at expiry without a connection. */
  onExpired?: () => void;
}

const UNSPECIFIED = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

export class LanListener {
  private servers: Server[] = [];
  private taken = false;
  private closed = false;
  private expiryTimer: unknown = null;
  /** The bound addresses, ready for the pairing code. */
  rendezvous: Rendezvous[] = [];

  private constructor(private readonly options: LanListenerOptions) {}

  static async open(options: LanListenerOptions): Promise<LanListener> {
    if (options.hosts.length === 0) throw new YakkerError('bad-input', 'no LAN address to bind');
    for (const host of options.hosts) {
      if (isIP(host) === 0 || UNSPECIFIED.has(host)) {
        throw new YakkerError('bad-input', `pairing binds only specific IP addresses, not ${host}`);
      }
    }
    const listener = new LanListener(options);
    try {
      for (const host of options.hosts) {
        const server = createServer((socket) => {
          listener.onSocket(socket);
        });
        listener.servers.push(server);
        const port = await listen(server, host);
        listener.rendezvous.push({ kind: 'tcp', host, port });
      }
    } catch (error) {
      listener.close();
      throw new YakkerError('unavailable', `cannot listen for pairing: ${String(error)}`);
    }
    const delay = Math.max(0, options.expiresAt - options.clock.now());
    listener.expiryTimer = options.clock.setTimeout(() => {
      if (!listener.taken) options.onExpired?.();
      listener.close();
    }, delay);
    return listener;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  private onSocket(socket: Socket): void {
    if (this.taken || this.closed) {
      const refusal = Uint8Array.of(REFUSAL_TYPE, ABORT_REASONS['already-used'].wire);
      socket.end(encodeFrame(refusal));
      return;
    }
    this.taken = true;
    socket.setNoDelay(true);
    this.close();
    this.options.onConnection(socket);
  }

  /** Stop listening (connections already handed over stay open). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.expiryTimer !== null) this.options.clock.clearTimeout(this.expiryTimer);
    for (const server of this.servers) server.close();
  }
}
