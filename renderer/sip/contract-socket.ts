import type { YakkerApi } from '../../shared/contract/api';

const noop = (): void => undefined;

/** The part of the contract the socket uses (the whole YakkerApi satisfies it). */
export type SipApi = Pick<YakkerApi, 'request' | 'on'>;

/**
 * A JsSIP Socket (JsSIP src/Socket.js) whose bytes travel over the contract: `connect()` is
 * `sip.connect`, each `send()` is one `sip.send` carrying one whole SIP message, and main's
 * `sip.data` / `sip.closed` events for our connection become `ondata` / `ondisconnect`. Main owns
 * the network (location, TLS, framing, keep-alives); JsSIP's Transport owns reconnecting.
 */
export class ContractSocket {
  /** What JsSIP writes in Via; main tells us the real one when the connection is up. */
  via_transport = 'TLS';
  readonly sip_uri: string;
  private connectionId: string | null = null;
  private connecting = false;
  /** Bumped by every connect/disconnect so a late `sip.connect` answer is not mistaken for ours. */
  private generation = 0;
  private remoteUrl: string;
  private lastReason: string | null = null;
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly api: SipApi,
    /** The account's AOR; main locates its provider (RFC 3263). */
    private readonly aor: string,
  ) {
    const domain =
      aor
        .replace(/^sips?:/, '')
        .replace(/^[^@]*@/, '')
        .split(/[;?>]/)[0] ?? '';
    this.sip_uri = `sip:${domain || 'provider.invalid'};transport=tls`;
    this.remoteUrl = `yakker-contract://${domain || 'provider'}`;
    this.unsubscribe = [
      api.on('sip.data', (event) => {
        if (event.connectionId === this.connectionId) this.ondata(event.data);
      }),
      api.on('sip.closed', (event) => {
        if (event.connectionId !== this.connectionId) return;
        this.connectionId = null;
        this.lastReason = event.reason;
        this.ondisconnect(event.error, undefined, event.reason);
      }),
    ];
  }

  get url(): string {
    return this.remoteUrl;
  }

  /** Plain words for the last failure to connect or the last close, for the status bar. */
  get lastFailure(): string | null {
    return this.lastReason;
  }

  connect(): void {
    if (this.connecting || this.connectionId !== null) return;
    this.connecting = true;
    const generation = ++this.generation;
    void this.api.request('sip.connect', { aor: this.aor }).then((result) => {
      if (generation !== this.generation) {
        // disconnect() was called meanwhile: give the connection back.
        if (result.ok)
          void this.api.request('sip.disconnect', { connectionId: result.value.connectionId });
        return;
      }
      this.connecting = false;
      if (!result.ok) {
        this.lastReason = result.error.message;
        this.ondisconnect(true, undefined, result.error.message);
        return;
      }
      this.connectionId = result.value.connectionId;
      this.via_transport = result.value.viaTransport;
      this.remoteUrl = result.value.url;
      this.lastReason = null;
      this.onconnect();
    });
  }

  disconnect(): void {
    this.generation++;
    this.connecting = false;
    const id = this.connectionId;
    this.connectionId = null;
    if (id !== null) void this.api.request('sip.disconnect', { connectionId: id });
  }

  /** One whole SIP message per call. False (JsSIP then fails the transaction) when not connected. */
  send(message: string | ArrayBufferLike | Blob | ArrayBufferView): boolean {
    const id = this.connectionId;
    if (id === null || typeof message !== 'string') return false;
    void this.api.request('sip.send', { connectionId: id, data: message }).then((result) => {
      if (result.ok || this.connectionId !== id) return;
      // Main no longer has this connection (or refused the bytes): treat it as closed.
      this.connectionId = null;
      this.lastReason = result.error.message;
      this.ondisconnect(true, undefined, result.error.message);
    });
    return true;
  }

  isConnected(): boolean {
    return this.connectionId !== null;
  }

  isConnecting(): boolean {
    return this.connecting;
  }

  /** Stops listening to the contract for good (the UA is being thrown away). */
  dispose(): void {
    this.disconnect();
    for (const off of this.unsubscribe.splice(0)) off();
  }

  // Assigned by JsSIP's Transport before connect().
  onconnect: () => void = noop;
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = noop;
  // Same generic signature as JsSIP's Socket.d.ts declares.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  ondata: <T>(event: T) => void = noop;
}
