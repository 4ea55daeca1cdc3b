/**
 * Free TCP ports on 127.0.0.1, found by binding port 0. All sockets are held open together so the
 * ports are distinct, then released. Another process can still take one before the server binds
 * it (the race): callers detect a failed bind and retry with fresh ports (see kamailio-process.ts).
 */
import { createServer, type Server } from 'node:net';

/** True if a TCP listener can take `port` on ::1 now. */
function freeOnIpv6(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => {
      resolve(false);
    });
    srv.listen({ port, host: '::1', exclusive: true }, () => {
      srv.close(() => {
        resolve(true);
      });
    });
  });
}

/** `count` distinct ports free on 127.0.0.1, and on ::1 too when `ipv6` (a few tries). */
export async function freeLoopbackPorts(
  count: number,
  options: { ipv6?: boolean } = {},
): Promise<number[]> {
  for (let attempt = 0; ; attempt++) {
    const ports = await freeIpv4Ports(count);
    if (options.ipv6 !== true) return ports;
    const free = await Promise.all(ports.map(freeOnIpv6));
    if (free.every(Boolean)) return ports;
    if (attempt === 9) throw new Error(`no ${count} ports free on both 127.0.0.1 and ::1`);
  }
}

async function freeIpv4Ports(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const srv = createServer();
      servers.push(srv);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
            const addr = srv.address();
            if (addr && typeof addr === 'object') resolve(addr.port);
            else reject(new Error('no port from listen(0)'));
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(
      servers.map(
        (srv) =>
          new Promise<void>((resolve) => {
            if (!srv.listening) resolve();
            else
              srv.close(() => {
                resolve();
              });
          }),
      ),
    );
  }
}
