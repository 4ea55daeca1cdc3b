/**
 * One request to rtpengine's NG control port (UDP on 127.0.0.1): "<cookie> <bencoded dict>",
 * answered with the same cookie. Used for the readiness ping and for call statistics (query).
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { bdecode, bencode, type BValue } from './bencode';

export async function ngRequest(
  port: number,
  command: Record<string, BValue>,
  timeoutMs = 1000,
): Promise<Record<string, BValue>> {
  const cookie = randomBytes(6).toString('hex');
  const socket = createSocket('udp4');
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`rtpengine did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.on('message', (msg) => {
        const space = msg.indexOf(0x20);
        if (space < 0 || msg.subarray(0, space).toString('latin1') !== cookie) return;
        clearTimeout(timer);
        try {
          const value = bdecode(msg.subarray(space + 1));
          if (typeof value !== 'object' || Array.isArray(value)) throw new Error('not a dict');
          resolve(value);
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      socket.send(`${cookie} ${bencode(command)}`, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

/** True when rtpengine answers a ping with pong. */
export async function ngPing(port: number): Promise<boolean> {
  try {
    return (await ngRequest(port, { command: 'ping' }, 500))['result'] === 'pong';
  } catch {
    return false;
  }
}
