/**
 * What main's SIP transport does with input no well-behaved server sends: a raw TCP server and
 * a raw TLS server on 127.0.0.1 (free ports, closed by the test) write garbage, a message
 * without Content-Length, an oversized message, a stray binary blob and a keep-alive ping
 * between two good messages. Main drops the bad input (and logs it), answers the ping, delivers
 * exactly the good messages as whole sip.data events, and stays up; disposing the service closes
 * the connection with sip.closed.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../main/core/event-bus';
import { makeCertificate } from '../support/dns-hierarchy/certificates';
import type { Logger } from '../../main/core/logger';
import type { LocateResult } from '../../main/resolver/locate/locate-types';
import type { SipTransport } from '../../main/resolver/locate/sip-transport';
import { SipTransportService } from '../../main/sip/sip-transport-service';

const dir = mkdtempSync(join(tmpdir(), 'yakker-raw-sip-'));
const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const good = (n: number, body = `hello ${n} ✓`): string =>
  [
    `MESSAGE sip:alice@raw.test SIP/2.0`,
    `Via: SIP/2.0/TLS 127.0.0.1;branch=z9hG4bK${n}`,
    `Call-ID: raw-${n}`,
    `CSeq: ${n} MESSAGE`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');

/** Everything a hostile or broken server might write, with good messages 1 and 2 in between. */
const script = (): Buffer[] => [
  Buffer.from('\u0000\u00ff garbage that is no SIP at all\r\n\r\n'),
  Buffer.from(good(1)),
  Buffer.from('OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP x;branch=z9hG4bKnocl\r\n\r\n'),
  Buffer.from(
    `MESSAGE sip:alice@raw.test SIP/2.0\r\nCall-ID: big\r\nContent-Length: 200000\r\n\r\n${'x'.repeat(200_000)}`,
  ),
  Buffer.from('\r\n\r\n'),
  Buffer.from(good(2)),
];

function listen(server: Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

function serve(socket: Socket, pongs: string[]): void {
  socket.on('data', (d: Buffer) => pongs.push(d.toString('latin1')));
  socket.on('error', () => undefined);
  for (const chunk of script()) socket.write(chunk);
}

function service(
  transport: SipTransport,
  port: number,
  caPem: string | null,
  keepaliveMs?: number,
) {
  const bus = new EventBus();
  const data: string[] = [];
  const closed: { reason: string; error: boolean }[] = [];
  bus.subscribe((name, payload) => {
    if (name === 'sip.data') data.push((payload as { data: string }).data);
    if (name === 'sip.closed') closed.push(payload as { reason: string; error: boolean });
  });
  const warnings: string[] = [];
  const logger: Logger = {
    info: () => undefined,
    warn: (message, fields) => warnings.push(`${message} ${JSON.stringify(fields)}`),
    error: (message) => warnings.push(message),
  };
  const located: LocateResult = {
    uri: 'sip:raw.test',
    target: 'localhost',
    status: 'insecure',
    targets: [
      {
        transport,
        host: 'localhost',
        port,
        addresses: ['127.0.0.1'],
        tlsa: null,
        status: 'insecure',
        via: 'numeric',
      },
    ],
    skipped: [],
    steps: [],
    reason: 'test',
  };
  const s = new SipTransportService({
    bus,
    logger,
    resolver: () => ({ resolve: () => Promise.reject(new Error('no DNS in this test')) }),
    caPem: () => caPem,
    defaultAor: () => Promise.resolve('sip:alice@raw.test'),
    locate: () => Promise.resolve(located),
    ...(keepaliveMs === undefined ? {} : { keepaliveMs }),
  });
  return { s, data, closed, warnings };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`timed out: ${what}`);
}

describe('main SIP transport against a raw server', () => {
  it('TCP: drops garbage, no-Content-Length and oversized input, answers the ping, keeps the good messages', async () => {
    const pongs: string[] = [];
    const port = await listen(
      createServer((socket) => {
        serve(socket, pongs);
      }),
    );
    const { s, data, closed, warnings } = service('tcp', port, null);
    const info = await s.connect();
    expect(info.viaTransport).toBe('TCP');
    await until(() => data.length >= 2, 'two good messages');
    expect(data).toEqual([good(1), good(2)]);
    await until(() => pongs.join('').includes('\r\n'), 'the pong');
    expect(warnings.join('\n')).toMatch(/not a SIP start line/);
    expect(warnings.join('\n')).toMatch(/Content-Length/);
    expect(warnings.join('\n')).toMatch(/over the 65535-byte limit/);
    s.dispose();
    await until(() => closed.length === 1, 'sip.closed');
    expect(closed[0]).toMatchObject({ reason: 'the app is closing', error: false });
    await expect(s.connect()).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('TLS (checked by the profile CA): the same input, the same outcome', async () => {
    const server = makeCertificate(dir, 'localhost', 'DNS:localhost');
    const pongs: string[] = [];
    const port = await listen(
      createTlsServer({ key: server.keyPem, cert: server.certPem }, (socket) => {
        serve(socket, pongs);
      }),
    );
    const { s, data } = service('tls', port, server.certPem);
    expect((await s.connect()).viaTransport).toBe('TLS');
    await until(() => data.length >= 2, 'two good messages');
    expect(data).toEqual([good(1), good(2)]);
    s.dispose();
  });

  it('a server that closes at once: sip.closed with a reason, and a refused port is sip-connect-failed', async () => {
    const port = await listen(createServer((socket) => socket.destroy()));
    const { s, closed } = service('tcp', port, null);
    await s.connect();
    await until(() => closed.length === 1, 'sip.closed');
    expect(closed[0]?.error).toBe(true);
    expect(closed[0]?.reason).toMatch(/SIP server closed|failed/);
    const free = await listen(createServer());
    servers.pop()?.close();
    const refused = service('tcp', free, null);
    await expect(refused.s.connect()).rejects.toMatchObject({ code: 'sip-connect-failed' });
  });

  it('sends RFC 5626 CRLF keep-alive pings on an idle stream', async () => {
    const received: string[] = [];
    const port = await listen(
      createServer((socket) => {
        socket.on('data', (d: Buffer) => received.push(d.toString('latin1')));
        socket.on('error', () => undefined);
      }),
    );
    const { s } = service('tcp', port, null, 40);
    await s.connect();
    await until(() => received.join('').includes('\r\n\r\n\r\n\r\n'), 'two pings');
    expect(received.join('').replace(/\r\n\r\n/g, '')).toBe('');
    s.dispose();
  });
});
