/** Raw SIP over TCP on loopback, for tests that send what no well-behaved UA would. */
import { connect, type Socket } from 'node:net';

/**
 * Writes raw bytes to Kamailio's TCP port; resolves at the first full response head, on close, or
 * after waitMs, with what came back. The socket is returned for the caller to destroy.
 */
export function rawSip(
  port: number,
  data: string,
  waitMs = 1500,
): Promise<{ reply: string; closed: boolean; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.write(data));
    let reply = '';
    let closed = false;
    socket.on('data', (d: Buffer) => {
      reply += d.toString('latin1');
      if (reply.includes('\r\n\r\n')) resolve({ reply, closed, socket });
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      resolve({ reply, closed, socket });
    });
    setTimeout(() => {
      resolve({ reply, closed, socket });
    }, waitMs);
  });
}

export function sipRequest(headers: readonly string[], body = ''): string {
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}
