import { type Socket as UdpSocket, createSocket } from 'node:dgram';
import { type Server, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../main/resolver/wire/message';
import { createNetworkTransport } from '../../../main/resolver/transport/network-transport';
import {
  parseResolvConf,
  parseServerAddress,
} from '../../../main/resolver/transport/system-servers';
import { encodeMessage, name, zone } from './support/fake-dns';

type Behaviour = (
  query: Uint8Array,
  reply: (b: Uint8Array) => void,
  from: { address: string; port: number },
) => void;

interface TestServer {
  port: number;
  udpQueries: number;
  tcpQueries: number;
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function answerFor(
  query: Uint8Array,
  opts: { id?: number; qname?: string; tc?: boolean } = {},
): Uint8Array {
  const q = parseMessage(query);
  const question = q.question[0]!;
  return encodeMessage({
    id: opts.id ?? q.id,
    qname: opts.qname ? name(opts.qname) : question.name,
    qtype: question.type,
    tc: opts.tc ?? false,
    answer: opts.tc ? [] : zone('www.example. 60 A 192.0.2.1'),
  });
}

/** A DNS server on 127.0.0.1 (UDP and TCP on the same free port) with scripted behaviour. */
async function startServer(
  udp: Behaviour,
  tcp: Behaviour = (q, r) => {
    r(answerFor(q));
  },
): Promise<TestServer> {
  const sock: UdpSocket = createSocket('udp4');
  await new Promise<void>((res) =>
    sock.bind(0, '127.0.0.1', () => {
      res();
    }),
  );
  const port = sock.address().port;
  const state: TestServer = {
    port,
    udpQueries: 0,
    tcpQueries: 0,
    close: () =>
      new Promise<void>((res) =>
        tcpServer.close(() =>
          sock.close(() => {
            res();
          }),
        ),
      ),
  };
  sock.on('message', (msg, rinfo) => {
    state.udpQueries++;
    udp(
      new Uint8Array(msg),
      (b) => {
        sock.send(b, rinfo.port, rinfo.address);
      },
      rinfo,
    );
  });
  const tcpServer: Server = createServer((conn) => {
    conn.on('data', (d) => {
      state.tcpQueries++;
      tcp(
        new Uint8Array(d.subarray(2)),
        (b) => {
          const len = Buffer.alloc(2);
          len.writeUInt16BE(b.length);
          conn.write(Buffer.concat([len, b]));
        },
        { address: conn.remoteAddress ?? '', port: conn.remotePort ?? 0 },
      );
    });
    conn.on('error', () => undefined);
  });
  await new Promise<void>((res, rej) => {
    tcpServer.once('error', rej);
    tcpServer.listen(port, '127.0.0.1', () => {
      res();
    });
  });
  servers.push(state);
  return state;
}

const query = { name: name('www.example'), type: 1 };
const transport = (ports: number[], timeoutMs = 1500, attempts = 1) =>
  createNetworkTransport({
    servers: ports.map((port) => ({ host: '127.0.0.1', port })),
    timeoutMs,
    attempts,
  });

describe('UDP/TCP transport against a loopback server', () => {
  it('a normal answer; the query carries EDNS0 DO and CD, a random ID', async () => {
    let seen: Uint8Array | undefined;
    const s = await startServer((q, reply) => {
      seen = q;
      reply(answerFor(q));
    });
    const res = parseMessage(await transport([s.port])(query));
    expect(res.answer).toHaveLength(1);
    const q = parseMessage(seen!);
    expect(q.edns?.do).toBe(true);
    expect(((seen![3] ?? 0) & 0x10) !== 0).toBe(true); // CD
    expect(((seen![2] ?? 0) & 0x01) !== 0).toBe(true); // RD
  });
  it('truncated UDP answer => retried over TCP', async () => {
    const s = await startServer((q, reply) => {
      reply(answerFor(q, { tc: true }));
    });
    const res = parseMessage(await transport([s.port])(query));
    expect(res.tc).toBe(false);
    expect(res.answer).toHaveLength(1);
    expect(s.tcpQueries).toBe(1);
  });
  it('a response with the wrong ID is dropped; the right one is taken', async () => {
    const s = await startServer((q, reply) => {
      const id = ((q[0] ?? 0) << 8) | (q[1] ?? 0);
      reply(answerFor(q, { id: (id + 1) & 0xffff }));
      setTimeout(() => {
        reply(answerFor(q));
      }, 20);
    });
    const res = parseMessage(await transport([s.port])(query));
    expect(res.answer).toHaveLength(1);
  });
  it('a response for another question is dropped', async () => {
    const s = await startServer((q, reply) => {
      reply(answerFor(q, { qname: 'evil.example' }));
      setTimeout(() => {
        reply(answerFor(q));
      }, 20);
    });
    const res = parseMessage(await transport([s.port])(query));
    expect(res.question[0] && Buffer.from(res.question[0].name).toString('hex')).toBe(
      Buffer.from(name('www.example')).toString('hex'),
    );
  });
  it('an answer from another source port is never seen (connected socket)', async () => {
    const spoofer = createSocket('udp4');
    await new Promise<void>((res) =>
      spoofer.bind(0, '127.0.0.1', () => {
        res();
      }),
    );
    const s = await startServer((q, reply, rinfo) => {
      const forged = answerFor(q);
      forged[forged.length - 1] = 66; // 192.0.2.66
      spoofer.send(forged, rinfo.port, rinfo.address);
      setTimeout(() => {
        reply(answerFor(q));
      }, 30);
    });
    const res = parseMessage(await transport([s.port])(query));
    spoofer.close();
    expect(Array.from(res.answer[0]?.rdata ?? [])).toEqual([192, 0, 2, 1]);
  });
  it('malformed packets are dropped', async () => {
    const s = await startServer((q, reply) => {
      reply(Uint8Array.from([q[0] ?? 0, q[1] ?? 0, 0x80, 0, 0, 1, 0, 5, 0xc0]));
      reply(Uint8Array.from([1, 2, 3]));
      setTimeout(() => {
        reply(answerFor(q));
      }, 20);
    });
    expect(parseMessage(await transport([s.port])(query)).answer).toHaveLength(1);
  });
  it('a silent server times out and the next server answers', async () => {
    const silent = await startServer(() => undefined);
    const good = await startServer((q, reply) => {
      reply(answerFor(q));
    });
    const res = parseMessage(await transport([silent.port, good.port], 500)(query));
    expect(res.answer).toHaveLength(1);
    expect(silent.udpQueries).toBe(1);
  });
  it('only mismatched answers => timeout error after every server and attempt', async () => {
    const s = await startServer((q, reply) => {
      reply(answerFor(q, { qname: 'other.example' }));
    });
    await expect(transport([s.port], 150, 2)(query)).rejects.toThrow(/no answer/);
    expect(s.udpQueries).toBe(2);
  });
  it('SERVFAIL from one server => the next server is asked', async () => {
    const sf = await startServer((q, reply) => {
      const b = answerFor(q);
      b[3] = (b[3] ?? 0) | 2;
      reply(b);
    });
    const good = await startServer((q, reply) => {
      reply(answerFor(q));
    });
    const res = parseMessage(await transport([sf.port, good.port])(query));
    expect(res.rcode).toBe(0);
  });
  it('query IDs differ between queries', async () => {
    const ids = new Set<number>();
    const s = await startServer((q, reply) => {
      ids.add(((q[0] ?? 0) << 8) | (q[1] ?? 0));
      reply(answerFor(q));
    });
    const t = transport([s.port]);
    for (let i = 0; i < 8; i++) await t(query);
    expect(ids.size).toBeGreaterThan(4);
  });
});

describe('system configuration', () => {
  it('parses resolv.conf nameserver lines', () => {
    expect(
      parseResolvConf(
        '# c\nnameserver 192.0.2.53\nnameserver fe80::1%eth0\nsearch x\nnameserver bogus\n',
      ),
    ).toEqual([
      { host: '192.0.2.53', port: 53 },
      { host: 'fe80::1', port: 53 },
    ]);
  });
  it('parses server addresses', () => {
    expect(parseServerAddress('127.0.0.1:5353')).toEqual({ host: '127.0.0.1', port: 5353 });
    expect(parseServerAddress('[::1]:53')).toEqual({ host: '::1', port: 53 });
    expect(parseServerAddress('::1')).toEqual({ host: '::1', port: 53 });
    expect(() => parseServerAddress('1.2.3.4:99999')).toThrow();
  });
});

describe('resolver over the network transport', () => {
  it('a silent server: the lookup deadline ends it as indeterminate', async () => {
    const { createResolver } = await import('../../../main/resolver/create-resolver');
    const silent = await startServer(() => undefined);
    const r = createResolver({
      servers: [{ host: '127.0.0.1', port: silent.port }],
      timeoutMs: 5000,
      lookupTimeoutMs: 300,
      trustAnchors: [],
    });
    const started = Date.now();
    const a = await r.resolve('www.example', 'A');
    expect(a.status).toBe('indeterminate');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('system servers', () => {
  it('Windows: no resolv.conf, the OS list from dns.getServers()', async () => {
    const { systemServers } = await import('../../../main/resolver/transport/system-servers');
    const { getServers } = await import('node:dns');
    const fromOs = getServers();
    const servers = systemServers('win32');
    expect(servers.length).toBeGreaterThan(0);
    if (fromOs.length > 0) expect(servers[0]?.port).toBe(53);
  });
});
