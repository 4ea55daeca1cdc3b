/**
 * HTTPS client for a pairing relay mailbox (docs/pairing.md §10.2; the devnet's directory
 * service provides one at `<directoryUrl>/v1/relay`). The relay is untrusted: it only carries
 * opaque frames, which the Noise session already protects. Every failure is a PairingError with
 * a reason the user can act on: `unreachable` (cannot connect, untrusted certificate, relay
 * busy), `expired` (the mailbox is gone), `too-large` (a frame over the relay's limit).
 */
import { Agent, request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { toHex } from '../../shared/pairing/bytes';
import { TransportError } from './transport-error';

export type RelaySide = 'holder' | 'joiner';

export interface RelayEndpoint {
  /** The relay's base URL as carried in the code, e.g. `https://127.0.0.1:8443/v1/relay`. */
  url: string;
  /** Extra CA (PEM) to trust besides the system roots: the network profile's CA. */
  caPem: string | null;
}

/** A pairing frame is `u16 length ‖ message`: at most 65537 bytes, the relay's own limit. */
export const MAX_RELAY_FRAME = 65_537;
/** The longest long-poll the relay allows, seconds. */
export const MAX_WAIT_SECONDS = 25;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_ERROR_BODY = 4096;
const BUSY_RETRIES = 20;
const BUSY_DELAY_MS = 250;

interface Reply {
  status: number;
  body: Buffer;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export class RelayClient {
  private readonly agent: Agent;
  private readonly base: URL;
  readonly mailboxHex: string;

  constructor(
    readonly endpoint: RelayEndpoint,
    mailbox: Uint8Array,
  ) {
    let base: URL;
    try {
      base = new URL(endpoint.url);
    } catch {
      throw new TransportError('unreachable', `not a relay URL: ${endpoint.url}`);
    }
    if (base.protocol !== 'https:')
      throw new TransportError('unreachable', `the relay must use https: ${endpoint.url}`);
    if (mailbox.length !== 16) throw new TransportError('invalid-code', 'bad mailbox id');
    this.base = base;
    this.mailboxHex = toHex(mailbox);
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 4,
      ...(endpoint.caPem ? { ca: [...rootCertificates, endpoint.caPem] } : {}),
    });
  }

  /** Opens the mailbox (holder). */
  async open(): Promise<void> {
    const reply = await this.call('POST', '', null, null, REQUEST_TIMEOUT_MS);
    if (reply.status !== 201) throw this.failure(reply);
  }

  /** Appends one frame for `to`. A full mailbox (the reader is slow) is retried a few times. */
  async send(to: RelaySide, frame: Uint8Array, signal?: AbortSignal): Promise<void> {
    if (frame.length === 0 || frame.length > MAX_RELAY_FRAME)
      throw new TransportError('too-large', `a relay frame is 1 to ${MAX_RELAY_FRAME} bytes`);
    const reply = await this.busyRetried(() =>
      this.call('POST', `/to/${to}`, frame, signal ?? null, REQUEST_TIMEOUT_MS),
    );
    if (reply.status !== 202) throw this.failure(reply);
  }

  /**
   * The next frame for `side`, waiting up to `waitSeconds`; null when none came. A relay busy
   * with other readers of this side (429, e.g. a poll it has not yet seen closed) is retried.
   */
  async receive(
    side: RelaySide,
    waitSeconds: number,
    signal?: AbortSignal,
  ): Promise<Uint8Array | null> {
    const wait = Math.max(0, Math.min(MAX_WAIT_SECONDS, Math.floor(waitSeconds)));
    const reply = await this.busyRetried(() =>
      this.call(
        'GET',
        `/to/${side}?wait=${wait}`,
        null,
        signal ?? null,
        wait * 1000 + REQUEST_TIMEOUT_MS,
      ),
    );
    if (reply.status === 204) return null;
    if (reply.status === 200 && reply.body.length > 0) return new Uint8Array(reply.body);
    throw this.failure(reply);
  }

  /** Repeats a request the relay answered 429 (full or busy), up to 20 times, 250 ms apart. */
  private async busyRetried(request: () => Promise<Reply>): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      const reply = await request();
      if (reply.status !== 429 || attempt >= BUSY_RETRIES) return reply;
      await new Promise((r) => setTimeout(r, BUSY_DELAY_MS));
    }
  }

  /** Drops kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private failure(reply: Reply): TransportError {
    let code = '';
    let message = '';
    try {
      const json = JSON.parse(reply.body.toString('utf8')) as {
        error?: { code?: unknown; message?: unknown };
      };
      code = typeof json.error?.code === 'string' ? json.error.code : '';
      message = typeof json.error?.message === 'string' ? json.error.message : '';
    } catch {
      // not JSON: the status says enough
    }
    const origin = originOf(this.endpoint.url);
    if (reply.status === 404)
      return new TransportError(
        'expired',
        'the relay mailbox is gone: the code expired or was never opened there',
      );
    if (reply.status === 413)
      return new TransportError('too-large', `the relay at ${origin} refused a frame as too large`);
    const why = message ? `${code || reply.status}: ${message}` : `HTTP ${reply.status}`;
    return new TransportError('unreachable', `the relay at ${origin} refused (${why})`);
  }

  /**
   * One request, sent again once on a fresh connection when a kept-alive one turns out to have
   * been closed by the relay just as we reused it (ECONNRESET before any reply; Node's
   * documented `reusedSocket` case). The relay closes idle connections after a few seconds, so
   * without this a poll could fail at random with "cannot reach the relay".
   */
  private async call(
    method: 'GET' | 'POST',
    suffix: string,
    body: Uint8Array | null,
    signal: AbortSignal | null,
    timeoutMs: number,
  ): Promise<Reply> {
    try {
      return await this.callOnce(method, suffix, body, signal, timeoutMs);
    } catch (error) {
      if (!(error instanceof StaleConnection)) throw error;
      return this.callOnce(method, suffix, body, signal, timeoutMs, false);
    }
  }

  private callOnce(
    method: 'GET' | 'POST',
    suffix: string,
    body: Uint8Array | null,
    signal: AbortSignal | null,
    timeoutMs: number,
    mayRetry = true,
  ): Promise<Reply> {
    const path = `${this.base.pathname.replace(/\/+$/, '')}/${this.mailboxHex}${suffix}`;
    const origin = this.base.origin;
    return new Promise<Reply>((resolve, reject) => {
      const req = request(
        {
          protocol: 'https:',
          hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
          port: this.base.port || 443,
          method,
          path,
          agent: this.agent,
          headers: {
            accept: 'application/octet-stream, application/json',
            ...(body ? { 'content-type': 'application/octet-stream' } : {}),
            'content-length': String(body?.length ?? 0),
          },
          ...(signal ? { signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const limit = res.statusCode === 200 ? MAX_RELAY_FRAME : MAX_ERROR_BODY;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
              req.destroy(new Error('reply too large'));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
          });
          res.on('error', (error) => {
            reject(unreachable(origin, error));
          });
        },
      );
      req.setTimeout(timeoutMs, () => {
        req.destroy(new Error('no answer in time'));
      });
      let replied = false;
      req.on('response', () => {
        replied = true;
      });
      req.on('error', (error) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (mayRetry && !replied && req.reusedSocket && code === 'ECONNRESET' && !signal?.aborted)
          reject(new StaleConnection());
        else reject(signal?.aborted ? error : unreachable(origin, error));
      });
      req.end(body ?? undefined);
    });
  }
}

/** A kept-alive connection the relay had closed: the request never reached it. */
class StaleConnection extends Error {}

function unreachable(origin: string, error: Error): TransportError {
  const code = (error as NodeJS.ErrnoException).code;
  const tls = code !== undefined && /CERT|SELF_SIGNED|SSL|TLS|ALTNAME/.test(code);
  const why = tls ? `its certificate is not trusted (${code})` : (code ?? error.message);
  return new TransportError('unreachable', `cannot reach the relay at ${origin}: ${why}`);
}
