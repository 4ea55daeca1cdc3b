/** The joiner's side of the LAN rendezvous: try each TCP address from the code, in order. */
import { connect, type Socket } from 'node:net';
import type { Rendezvous } from '../../shared/pairing/pairing-code';
import { TransportError } from './transport-error';

function tryConnect(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => {
      fail(new Error('connect timeout'));
    });
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.off('error', fail);
      socket.setTimeout(0);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

export async function connectLan(
  rendezvous: readonly Rendezvous[],
  timeoutMs = 5000,
): Promise<Socket> {
  const failures: string[] = [];
  for (const r of rendezvous) {
    if (r.kind !== 'tcp') continue;
    try {
      return await tryConnect(r.host, r.port, timeoutMs);
    } catch (error) {
      failures.push(`${r.host}:${r.port} ${(error as Error).message}`);
    }
  }
  throw new TransportError('unreachable', failures.join('; ') || 'no LAN address in code');
}
