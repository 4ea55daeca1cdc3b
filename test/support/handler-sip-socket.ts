/**
 * A JsSIP Socket over main's sip.* handlers, called directly (the same bytes the renderer's
 * ContractSocket sends through IPC or the web bridge): connect is sip.connect, send is one
 * sip.send per message, and sip.data / sip.closed events come back from the app's EventBus.
 * It also runs over a bare SipTransportService (a test's own path to the wire, e.g. one that
 * tampers with messages after they were signed).
 */
import * as JsSIP from 'jssip';
import type { UAConfiguration } from 'jssip/lib/UA';
import type { YakkerApp } from '../../main/app/bootstrap';
import type { EventBus } from '../../main/core/event-bus';
import type { SipTransportService } from '../../main/sip/sip-transport-service';
import { YakkerError } from '../../shared/contract/result';
import { dispatch } from '../../shared/contract/dispatch';
import type { RequestInput, RequestName, RequestOutput } from '../../shared/contract/requests';
import type { Result } from '../../shared/contract/result';

const noop = (): void => undefined;

export async function request<K extends RequestName>(
  app: YakkerApp,
  name: K,
  input: RequestInput<K>,
): Promise<Result<RequestOutput<K>>> {
  return (await dispatch(app.handlers, name, input)) as Result<RequestOutput<K>>;
}

/** What the socket needs: the sip.* requests and the events. */
export interface SipPort {
  bus: EventBus;
  connect(aor: string): Promise<Result<RequestOutput<'sip.connect'>>>;
  send(connectionId: string, data: string): Promise<Result<unknown>>;
  disconnect(connectionId: string): Promise<Result<unknown>>;
}

export function appPort(app: YakkerApp): SipPort {
  return {
    bus: app.bus,
    connect: (aor) => request(app, 'sip.connect', { aor }),
    send: (connectionId, data) => request(app, 'sip.send', { connectionId, data }),
    disconnect: (connectionId) => request(app, 'sip.disconnect', { connectionId }),
  };
}

async function asResult<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const e = error instanceof YakkerError ? error : new YakkerError('internal', String(error));
    return { ok: false, error: { code: e.code, message: e.message } };
  }
}

export function servicePort(service: SipTransportService, bus: EventBus): SipPort {
  return {
    bus,
    connect: (aor) => asResult(() => service.connect(aor)),
    send: (connectionId, data) => asResult(() => service.send(connectionId, data)),
    disconnect: (connectionId) =>
      asResult(() => {
        service.disconnect(connectionId);
        return Promise.resolve({});
      }),
  };
}

export class HandlerSipSocket {
  via_transport = 'TLS';
  url: string;
  readonly sip_uri: string;
  connectionId: string | null = null;
  lastError: { code: string; message: string } | null = null;
  readonly closes: { reason: string; error: boolean }[] = [];
  /** Every message main handed over, in order. */
  readonly received: string[] = [];
  private connecting = false;
  private readonly off: { dispose(): void | Promise<void> };

  /** Messages a test takes for itself (true): JsSIP never sees them. */
  intercept: (message: string) => boolean = () => false;

  constructor(
    private readonly port: SipPort,
    private readonly aor: string,
  ) {
    const domain = aor.replace(/^sips?:[^@]*@/, '').split(/[;?>]/)[0] ?? '';
    this.sip_uri = `sip:${domain};transport=tls`;
    this.url = `yakker-handlers://${domain}`;
    this.off = port.bus.subscribe((name, payload) => {
      if (name === 'sip.data') {
        const p = payload as { connectionId: string; data: string };
        if (p.connectionId !== this.connectionId) return;
        this.received.push(p.data);
        if (!this.intercept(p.data)) this.ondata(p.data);
      } else if (name === 'sip.closed') {
        const p = payload as { connectionId: string; reason: string; error: boolean };
        if (p.connectionId !== this.connectionId) return;
        this.connectionId = null;
        this.closes.push({ reason: p.reason, error: p.error });
        this.ondisconnect(p.error, undefined, p.reason);
      }
    });
  }

  connect(): void {
    if (this.connecting || this.connectionId !== null) return;
    this.connecting = true;
    void this.port.connect(this.aor).then((result) => {
      this.connecting = false;
      if (!result.ok) {
        this.lastError = result.error;
        this.ondisconnect(true, undefined, result.error.message);
        return;
      }
      this.lastError = null;
      this.connectionId = result.value.connectionId;
      this.via_transport = result.value.viaTransport;
      this.url = result.value.url;
      this.onconnect();
    });
  }

  disconnect(): void {
    const id = this.connectionId;
    this.connectionId = null;
    if (id !== null) void this.port.disconnect(id);
  }

  send(message: string | ArrayBufferLike | Blob | ArrayBufferView): boolean {
    const id = this.connectionId;
    if (id === null || typeof message !== 'string') return false;
    void this.port.send(id, message);
    return true;
  }

  isConnected(): boolean {
    return this.connectionId !== null;
  }

  isConnecting(): boolean {
    return this.connecting;
  }

  dispose(): void {
    this.disconnect();
    void this.off.dispose();
  }

  onconnect: () => void = noop;
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = noop;
  // Same generic signature as JsSIP's Socket.d.ts declares.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  ondata: <T>(event: T) => void = noop;
}

export interface HandlerUa {
  ua: JsSIP.UA;
  socket: HandlerSipSocket;
  /** Resolves at the next REGISTER outcome: 200, or the failure's status code (0 if none). */
  nextRegistration(): Promise<number>;
  stop(): void;
}

/** A JsSIP UA for `aor` whose socket is main's sip.* handlers. */
export function startHandlerUa(options: {
  /** The app whose sip.* handlers carry the bytes, or another port. */
  port: SipPort;
  aor: string;
  /** The AOR handed to sip.connect (may carry `;transport=`); default `aor`. */
  connectAor?: string;
  username: string;
  password: string;
  extra?: Partial<UAConfiguration>;
}): HandlerUa {
  const socket = new HandlerSipSocket(options.port, options.connectAor ?? options.aor);
  const config: UAConfiguration = {
    // JsSIP types its Socket interface as a class that has no runtime constructor.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    sockets: [socket],
    uri: options.aor,
    authorization_user: options.username,
    password: options.password,
    register: true,
    session_timers: false,
    contact_uri: `sip:${Math.random().toString(36).slice(2, 10)}@${Math.random().toString(36).slice(2, 10)}.invalid;transport=tls`,
    connection_recovery_min_interval: 1,
    connection_recovery_max_interval: 2,
    ...options.extra,
  };
  const ua = new JsSIP.UA(config);
  let waiters: ((code: number) => void)[] = [];
  const settle = (code: number): void => {
    const list = waiters;
    waiters = [];
    for (const w of list) w(code);
  };
  ua.on('registered', () => {
    settle(200);
  });
  ua.on('registrationFailed', (e) => {
    settle(e.response?.status_code ?? 0);
  });
  ua.start();
  return {
    ua,
    socket,
    nextRegistration: () =>
      new Promise((resolve) => {
        waiters.push(resolve);
      }),
    stop: () => {
      ua.stop();
      setTimeout(() => {
        socket.dispose();
      }, 300).unref();
    },
  };
}
