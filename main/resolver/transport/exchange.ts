/**
 * One DNS exchange with one server: UDP from a fresh socket on a random (kernel-chosen ephemeral)
 * source port, connected to the server; TCP when the answer is truncated. A response counts only
 * if it comes from the server, has our ID, QR set and our question; anything else (spoofed,
 * stale, malformed) is dropped and we keep listening.
 */
import { createSocket } from 'node:dgram';
import { isIPv6, connect } from 'node:net';
import { peekHeader } from '../wire/message';
import { type Name, namesEqual } from '../wire/name';
import type { ServerAddress } from '../types';

export interface ExchangeRequest {
  id: number;
  name: Name;
  type: number;
  packet: Uint8Array;
  timeoutMs: number;
  signal?: AbortSignal;
}

export type ExchangeResult =
  | { ok: true; response: Uint8Array }
  | { ok: false; error: 'timeout' | 'network' | 'aborted'; detail: string };

/** Does this packet answer our query? (ID, QR, question name case-insensitively, type). */
export function matchesQuery(
  packet: Uint8Array,
  req: { id: number; name: Name; type: number },
): boolean {
  try {
    const h = peekHeader(packet);
    return (
      h.qr &&
      h.id === req.id &&
      h.qdcount === 1 &&
      h.qname !== undefined &&
      namesEqual(h.qname, req.name) &&
      h.qtype === req.type
    );
  } catch {
    return false;
  }
}

function isTruncated(packet: Uint8Array): boolean {
  return ((packet[2] ?? 0) & 0x02) !== 0;
}

/**
 * The ending both transports share: returns `finish`, which takes effect once (the first of an
 * answer, an error, the timeout with `timeoutDetail`, or an abort). It stops the timer and the
 * abort listener, calls `close`, then resolves with the result, or with what `handOver()` gives
 * (UDP handing a truncated answer over to TCP once its socket is closed).
 */
function settleOnce(
  req: ExchangeRequest,
  timeoutDetail: string,
  close: () => void,
  resolve: (r: ExchangeResult | Promise<ExchangeResult>) => void,
): (r: ExchangeResult | { handOver: () => Promise<ExchangeResult> }) => void {
  let done = false;
  const finish = (r: ExchangeResult | { handOver: () => Promise<ExchangeResult> }): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
    close();
    resolve('handOver' in r ? r.handOver() : r);
  };
  const onAbort = (): void => {
    finish({ ok: false, error: 'aborted', detail: 'aborted' });
  };
  const timer = setTimeout(() => {
    finish({ ok: false, error: 'timeout', detail: timeoutDetail });
  }, req.timeoutMs);
  req.signal?.addEventListener('abort', onAbort);
  return finish;
}

export function exchangeUdp(server: ServerAddress, req: ExchangeRequest): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    const sock = createSocket(isIPv6(server.host) ? 'udp6' : 'udp4');
    const finish = settleOnce(
      req,
      `no answer from ${server.host}:${server.port} within ${req.timeoutMs} ms`,
      () => {
        try {
          sock.close();
        } catch {
          // already closed
        }
      },
      resolve,
    );
    sock.on('error', (e) => {
      finish({ ok: false, error: 'network', detail: e.message });
    });
    // The socket is connected: the kernel delivers only datagrams from the server's address.
    sock.on('message', (msg) => {
      const packet = new Uint8Array(msg);
      if (!matchesQuery(packet, req)) return;
      finish(
        isTruncated(packet)
          ? { handOver: () => exchangeTcp(server, req) }
          : { ok: true, response: packet },
      );
    });
    // Node calls back with the error when connecting fails (no route, lookup failed); sending
    // on the unconnected socket would throw out of this callback and take the process down.
    const connected = (error?: Error | null) => {
      if (error) {
        finish({ ok: false, error: 'network', detail: error.message });
        return;
      }
      sock.send(req.packet, (e) => {
        if (e) finish({ ok: false, error: 'network', detail: e.message });
      });
    };
    sock.connect(server.port, server.host, connected);
  });
}

export function exchangeTcp(server: ServerAddress, req: ExchangeRequest): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    const sock = connect({ host: server.host, port: server.port });
    let buf = Buffer.alloc(0);
    const finish = settleOnce(
      req,
      `no TCP answer from ${server.host}:${server.port} within ${req.timeoutMs} ms`,
      () => sock.destroy(),
      resolve,
    );
    sock.on('error', (e) => {
      finish({ ok: false, error: 'network', detail: e.message });
    });
    sock.on('close', () => {
      finish({
        ok: false,
        error: 'network',
        detail: `${server.host}:${server.port} closed the TCP connection`,
      });
    });
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(req.packet.length);
      sock.write(Buffer.concat([len, req.packet]));
    });
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2) {
        const n = buf.readUInt16BE(0);
        if (buf.length < n + 2) return;
        const packet = new Uint8Array(buf.subarray(2, n + 2));
        buf = buf.subarray(n + 2);
        if (matchesQuery(packet, req)) {
          finish({ ok: true, response: packet });
          return;
        }
      }
      if (buf.length > 70000)
        finish({ ok: false, error: 'network', detail: 'oversized TCP stream' });
    });
  });
}
