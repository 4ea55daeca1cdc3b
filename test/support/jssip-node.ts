/**
 * JsSIP user agents in Node for integration tests: a JsSIP socket over the `ws` package that
 * trusts exactly the CA it is given (no global WebSocket, no global TLS switch), and a small
 * wrapper that records registration results and incoming MESSAGEs.
 */
import * as JsSIP from 'jssip';
import type { IncomingMessageEvent, OutgoingMessageEvent, UAConfiguration } from 'jssip/lib/UA';
import WebSocket from 'ws';

const noop = (): void => undefined;

/** JsSIP's socket contract (src/Socket.js) over `ws`, with an explicit CA. */
export class NodeWssSocket {
  via_transport = 'WSS';
  private ws: WebSocket | undefined;

  constructor(
    readonly url: string,
    private readonly caPem: string,
  ) {}

  get sip_uri(): string {
    const u = new URL(this.url);
    return `sip:${u.hostname};transport=ws`;
  }

  connect(): void {
    const ws = new WebSocket(this.url, 'sip', { ca: this.caPem });
    this.ws = ws;
    ws.on('open', () => {
      this.onconnect();
    });
    ws.on('close', (code, reason) => {
      if (this.ws === ws) this.ondisconnect(code !== 1000, code, reason.toString());
    });
    ws.on('message', (data: Buffer) => {
      this.ondata(data.toString('utf8'));
    });
    ws.on('error', () => undefined);
  }

  disconnect(): void {
    const ws = this.ws;
    this.ws = undefined;
    ws?.close();
  }

  /** Drops the TCP connection at once, without telling JsSIP (a crash, a lost network). */
  cut(): void {
    const ws = this.ws;
    this.ws = undefined;
    ws?.terminate();
  }

  send(message: string | ArrayBufferLike | Blob | ArrayBufferView): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN || typeof message !== 'string') return false;
    this.ws.send(message);
    return true;
  }

  isConnected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  isConnecting(): boolean {
    return this.ws?.readyState === WebSocket.CONNECTING;
  }

  // Assigned by JsSIP's Transport before connect().
  onconnect: () => void = noop;
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = noop;
  // Same generic signature as JsSIP's Socket.d.ts declares.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  ondata: <T>(event: T) => void = noop;
}

export interface ReceivedMessage {
  from: string;
  body: string;
  contentType: string | undefined;
}

export interface TestUa {
  ua: JsSIP.UA;
  socket: NodeWssSocket;
  /** Resolves with the REGISTER outcome: 200, or the failure's status code (0 if none). */
  registration: Promise<number>;
  messages: ReceivedMessage[];
  nextMessage(timeoutMs?: number): Promise<ReceivedMessage>;
  /** Sends a MESSAGE; resolves with the final status code. */
  send(target: string, body: string, contentType?: string): Promise<number>;
  stop(): void;
}

export function startUa(options: {
  wssUrl: string;
  caPem: string;
  uri: string;
  password: string;
}): TestUa {
  const socket = new NodeWssSocket(options.wssUrl, options.caPem);
  const config: UAConfiguration = {
    // JsSIP types its Socket interface as a class that has no runtime constructor.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    sockets: [socket],
    uri: options.uri,
    password: options.password,
    register: true,
    session_timers: false,
    connection_recovery_min_interval: 1,
    connection_recovery_max_interval: 2,
  };
  const ua = new JsSIP.UA(config);
  const messages: ReceivedMessage[] = [];
  const waiters: ((m: ReceivedMessage) => void)[] = [];
  const registration = new Promise<number>((resolve) => {
    ua.on('registered', () => {
      resolve(200);
    });
    ua.on('registrationFailed', (e) => {
      resolve(e.response?.status_code ?? 0);
    });
  });
  ua.on('newMessage', (e: IncomingMessageEvent | OutgoingMessageEvent) => {
    if ((e.originator as string) !== 'remote') return;
    const request = e.request;
    const m: ReceivedMessage = {
      from: request.from.uri.toString(),
      body: request.body,
      contentType: request.getHeader('Content-Type'),
    };
    const waiter = waiters.shift();
    if (waiter) waiter(m);
    else messages.push(m);
  });
  ua.start();
  return {
    ua,
    socket,
    registration,
    messages,
    nextMessage: (timeoutMs = 5000) => {
      const queued = messages.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no MESSAGE for ${options.uri} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push((m) => {
          clearTimeout(timer);
          resolve(m);
        });
      });
    },
    send: (target, body, contentType = 'text/plain') =>
      new Promise((resolve) => {
        ua.sendMessage(target, body, {
          contentType,
          eventHandlers: {
            succeeded: (e) => {
              resolve(e.response.status_code);
            },
            failed: (e) => {
              resolve(e.response?.status_code ?? 0);
            },
          },
        });
      }),
    stop: () => {
      ua.stop();
      setTimeout(() => {
        socket.disconnect();
      }, 300).unref();
    },
  };
}
