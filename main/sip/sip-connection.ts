import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { Logger } from '../core/logger';
import { checkWholeMessage, SipFramer, MAX_SIP_MESSAGE_BYTES } from './sip-framer';

/** RFC 5626 §4.4.1 suggests 95–120 s for TCP; NATs and Kamailio idle timers want less. */
export const KEEPALIVE_MS = 25_000;

export interface ConnectionEvents {
  /** One whole SIP message. */
  message(text: string): void;
  /** The connection is gone; `reason` in plain words. Called once. */
  closed(reason: string, error: boolean): void;
}

/** One transport connection to a SIP server, carrying whole messages both ways. */
export interface SipConnection {
  readonly transport: 'tls' | 'tcp' | 'wss';
  /** Writes one SIP message; false when the connection is not open. */
  send(text: string): boolean;
  /** Closes it; `closed` is reported with `reason` and error=false. */
  close(reason: string): void;
}

/** SIP over a byte stream (TCP or TLS): Content-Length framing, CRLF keep-alives. */
export class StreamConnection implements SipConnection {
  private readonly framer = new SipFramer();
  private readonly keepalive: NodeJS.Timeout;
  private done = false;

  constructor(
    readonly transport: 'tls' | 'tcp',
    private readonly socket: Socket,
    private readonly events: ConnectionEvents,
    private readonly logger: Logger,
    keepaliveMs = KEEPALIVE_MS,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.framer.push(chunk)) {
        if (event.kind === 'message') this.events.message(event.text);
        else if (event.kind === 'ping') socket.write('\r\n');
        else if (event.kind === 'dropped')
          this.logger.warn('dropped unreadable SIP input', {
            reason: event.reason,
            bytes: event.bytes,
          });
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.finish(`the connection to the SIP server failed (${error.code ?? error.message})`, true);
    });
    socket.on('close', () => {
      this.finish('the SIP server closed the connection', true);
    });
    this.keepalive = setInterval(() => {
      if (!this.done) socket.write('\r\n\r\n');
    }, keepaliveMs);
    this.keepalive.unref();
  }

  send(text: string): boolean {
    if (this.done || this.socket.destroyed) return false;
    this.socket.write(text);
    return true;
  }

  close(reason: string): void {
    this.finish(reason, false);
  }

  private finish(reason: string, error: boolean): void {
    if (this.done) return;
    this.done = true;
    clearInterval(this.keepalive);
    this.socket.destroy();
    this.events.closed(reason, error);
  }
}

/** SIP over a secure WebSocket (RFC 7118): one message per frame, WebSocket pings. */
export class WebSocketConnection implements SipConnection {
  readonly transport = 'wss' as const;
  private readonly keepalive: NodeJS.Timeout;
  private done = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly events: ConnectionEvents,
    private readonly logger: Logger,
    keepaliveMs = KEEPALIVE_MS,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const text = data.toString('utf8');
      if (text === '\r\n' || text === '\r\n\r\n') return;
      const problem = isBinary ? 'binary frame' : checkWholeMessage(text);
      if (problem !== null) {
        this.logger.warn('dropped unreadable SIP input', { reason: problem, bytes: data.length });
        return;
      }
      this.events.message(text);
    });
    ws.on('error', (error: Error) => {
      this.finish(`the WebSocket to the SIP server failed (${error.message})`, true);
    });
    ws.on('close', (code: number) => {
      this.finish(`the SIP server closed the WebSocket (code ${code})`, code !== 1000);
    });
    this.keepalive = setInterval(() => {
      if (!this.done && ws.readyState === WebSocket.OPEN) ws.ping();
    }, keepaliveMs);
    this.keepalive.unref();
  }

  send(text: string): boolean {
    if (this.done || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(text);
    return true;
  }

  close(reason: string): void {
    this.finish(reason, false);
  }

  private finish(reason: string, error: boolean): void {
    if (this.done) return;
    this.done = true;
    clearInterval(this.keepalive);
    this.ws.terminate();
    this.events.closed(reason, error);
  }
}

/** Frames up to this size are read (and dropped when over the SIP limit); bigger ones close. */
export const WS_MAX_PAYLOAD = 4 * MAX_SIP_MESSAGE_BYTES;
