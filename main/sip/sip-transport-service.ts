import { randomBytes } from 'node:crypto';
import type { SipConnection as SipConnectionInfo } from '../../shared/contract/areas/sip';
import { YakkerError } from '../../shared/contract/result';
import type { EventBus } from '../core/event-bus';
import type { Logger } from '../core/logger';
import { locateSip, type LocateResult } from '../resolver/locate/locate-sip';
import type { SipTarget } from '../resolver/locate/locate-types';
import type { Resolver } from '../resolver/types';
import { parseSipUri } from '../resolver/locate/sip-uri';
import type { SipConnection } from './sip-connection';
import { dialSip } from './sip-dial';
import type { SipTimingTrace } from './sip-timing-trace';
import { trustFor } from './tls-trust';

/** What sits between JsSIP's bytes and the wire (the identity layer); identity by default. */
export interface SipMessageFilter {
  /** The message as it goes out (e.g. with an Identity header). */
  outgoing(text: string): Promise<string>;
  /**
   * The message as JsSIP should see it, or null to swallow it; `reply` writes a response on the
   * same connection (e.g. 438 for an INVITE whose identity check failed).
   */
  incoming(text: string, reply: (text: string) => void): Promise<string | null>;
  /** Called once a connection is up: a chance to load what the first call needs. */
  prepare?(): Promise<void>;
}

const passThrough: SipMessageFilter = {
  outgoing: (text) => Promise.resolve(text),
  incoming: (text) => Promise.resolve(text),
};

export interface SipTransportDeps {
  bus: EventBus;
  logger: Logger;
  resolver: () => Resolver;
  /** The network profile's CA (PEM), null for the system roots. */
  caPem: () => string | null;
  /** The account's AOR when sip.connect names none. */
  defaultAor: () => Promise<string>;
  filter?: () => Promise<SipMessageFilter>;
  /** Replaces RFC 3263 location (tests that point at a raw server). */
  locate?: (resolver: Resolver, uri: string) => Promise<LocateResult>;
  keepaliveMs?: number;
  connectTimeoutMs?: number;
  /** Timing trace for the call-setup benchmark (sip-timing-trace.ts); off by default. */
  trace?: SipTimingTrace;
}

interface Open {
  connection: SipConnection;
  /** Sends and receives each go through one queue, so order is kept across async steps. */
  sending: Promise<void>;
  receiving: Promise<void>;
}

const VIA: Record<SipConnection['transport'], SipConnectionInfo['viaTransport']> = {
  tls: 'TLS',
  tcp: 'TCP',
  wss: 'WSS',
};

/**
 * Main's SIP transports for the renderer's JsSIP (docs/calls.md): `sip.connect` locates the
 * account's provider by RFC 3263 through the validating resolver and opens TLS, WSS or TCP (in
 * the order DNS gives), checking the server's certificate; `sip.send` writes one message;
 * every whole message received becomes one `sip.data` event; a lost connection becomes one
 * `sip.closed` event, after which JsSIP calls `sip.connect` again.
 */
export class SipTransportService {
  private readonly open = new Map<string, Open>();
  private disposed = false;

  constructor(private readonly deps: SipTransportDeps) {}

  async connect(aor?: string): Promise<SipConnectionInfo> {
    if (this.disposed) throw new YakkerError('unavailable', 'The app is shutting down.');
    const uri = parseSipUri(aor ?? (await this.deps.defaultAor()));
    const resolver = this.deps.resolver();
    // RFC 3263 for the domain; a transport parameter on the AOR (`;transport=wss`) picks one.
    const wanted = uri.params['transport'];
    const locateUri = `sip:${uri.host}${wanted ? `;transport=${wanted}` : ''}`;
    const located = await (this.deps.locate ?? locateSip)(resolver, locateUri);
    if (located.targets.length === 0)
      throw new YakkerError(
        'sip-connect-failed',
        `No SIP server found for ${uri.host}: ${located.reason}.`,
      );
    const failures: YakkerError[] = [];
    for (const target of located.targets) {
      for (const address of target.addresses) {
        try {
          const info = await this.openOne(target, address);
          this.prepareFilter();
          return info;
        } catch (error) {
          const e =
            error instanceof YakkerError
              ? error
              : new YakkerError('sip-connect-failed', String(error));
          this.deps.logger.warn('SIP connection attempt failed', {
            host: target.host,
            port: target.port,
            transport: target.transport,
            code: e.code,
            message: e.message,
          });
          failures.push(e);
        }
      }
    }
    throw (
      failures.find((f) => f.code === 'tls-verify-failed') ??
      failures[failures.length - 1] ??
      new YakkerError('sip-connect-failed', `No SIP server answered for ${uri.host}.`)
    );
  }

  async send(connectionId: string, data: string): Promise<void> {
    const entry = this.require(connectionId);
    const trace = this.deps.trace;
    trace?.('send', data);
    const filter = await this.filter();
    const step = entry.sending.then(async () => {
      const out = await filter.outgoing(data);
      trace?.('filtered-out', out);
      if (!entry.connection.send(out))
        throw new YakkerError('not-found', 'The SIP connection is closed.');
      trace?.('written', out);
    });
    entry.sending = step.catch(() => undefined);
    await step;
  }

  disconnect(connectionId: string): void {
    this.open.get(connectionId)?.connection.close('closed by the app');
  }

  get size(): number {
    return this.open.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const entry of [...this.open.values()]) entry.connection.close('the app is closing');
  }

  private require(connectionId: string): Open {
    const entry = this.open.get(connectionId);
    if (entry === undefined)
      throw new YakkerError('not-found', 'No such SIP connection (it was closed).');
    return entry;
  }

  /** Lets the filter warm up off the call path; a failure shows on the first real send. */
  private prepareFilter(): void {
    this.filter()
      .then((filter) => filter.prepare?.())
      .catch((error: unknown) => {
        this.deps.logger.warn('could not prepare call signing', { error });
      });
  }

  private filter(): Promise<SipMessageFilter> {
    return this.deps.filter ? this.deps.filter() : Promise.resolve(passThrough);
  }

  private async openOne(target: SipTarget, address: string): Promise<SipConnectionInfo> {
    const connectionId = randomBytes(9).toString('base64url');
    const state: { entry?: Open } = {};
    const pending: string[] = [];
    const trace = this.deps.trace;
    const deliver = (text: string): void => {
      const current = state.entry;
      if (current === undefined) {
        pending.push(text);
        return;
      }
      trace?.('received', text);
      current.receiving = current.receiving
        .then(async () => {
          const filter = await this.filter();
          const shown = await filter.incoming(text, (reply) => current.connection.send(reply));
          trace?.('filtered-in', text);
          if (shown !== null) {
            this.deps.bus.emit('sip.data', { connectionId, data: shown });
            trace?.('delivered', shown);
          }
        })
        .catch((error: unknown) => {
          this.deps.logger.error('incoming SIP message not handled', { error });
        });
    };
    const connection = await dialSip({
      target,
      address,
      trust: trustFor(target, this.deps.caPem()),
      logger: this.deps.logger,
      ...(this.deps.keepaliveMs === undefined ? {} : { keepaliveMs: this.deps.keepaliveMs }),
      ...(this.deps.connectTimeoutMs === undefined
        ? {}
        : { timeoutMs: this.deps.connectTimeoutMs }),
      events: {
        message: deliver,
        closed: (reason, error) => {
          this.open.delete(connectionId);
          void (state.entry?.receiving ?? Promise.resolve()).then(() => {
            this.deps.bus.emit('sip.closed', { connectionId, reason, error });
          });
        },
      },
    });
    const entry: Open = { connection, sending: Promise.resolve(), receiving: Promise.resolve() };
    state.entry = entry;
    this.open.set(connectionId, entry);
    if (this.disposed) connection.close('the app is closing');
    for (const text of pending.splice(0)) deliver(text);
    const authority = target.host.includes(':') ? `[${target.host}]` : target.host;
    return {
      connectionId,
      viaTransport: VIA[connection.transport],
      url:
        connection.transport === 'wss'
          ? `wss://${authority}:${target.port}`
          : `${connection.transport === 'tls' ? 'sips' : 'sip'}:${authority}:${target.port};transport=${connection.transport}`,
      remote: `${address.includes(':') ? `[${address}]` : address}:${target.port}`,
    };
  }
}
