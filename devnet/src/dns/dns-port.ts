/**
 * Ports for a DNS server on loopback: free for both TCP and UDP on 127.0.0.1, and on ::1 as well
 * when the server listens there too. Another process can still take one before the server binds
 * it: the server's start detects that and asks again (serve-knot.ts).
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

type Host = '127.0.0.1' | '::1';

function tcpFree(port: number, host: Host): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(null);
    });
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const p = typeof address === 'object' && address !== null ? address.port : null;
      server.close(() => {
        resolve(p);
      });
    });
  });
}

function udpFree(port: number, host: Host): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket(host === '::1' ? 'udp6' : 'udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () =>
      socket.close(() => {
        resolve(true);
      }),
    );
  });
}

let ipv6: Promise<boolean> | undefined;

/** True when ::1 can be bound here (IPv6 loopback configured); asked once per process. */
export function ipv6LoopbackAvailable(): Promise<boolean> {
  ipv6 ??= udpFree(0, '::1');
  return ipv6;
}

/** A port free for TCP and UDP on 127.0.0.1 (and on ::1 when `ipv6`). */
export async function freeDnsPort(options: { ipv6?: boolean } = {}): Promise<number> {
  const hosts: Host[] = options.ipv6 === true ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await tcpFree(0, '127.0.0.1');
    if (port === null) continue;
    let free = true;
    for (const host of hosts) {
      free =
        (host === '127.0.0.1' || (await tcpFree(port, host)) !== null) &&
        (await udpFree(port, host));
      if (!free) break;
    }
    if (free) return port;
  }
  throw new Error(`no port free on ${hosts.join(' and ')}`);
}
