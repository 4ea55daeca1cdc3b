/**
 * The relay client and kept-alive connections: a relay (like any Node HTTP server) closes an idle
 * connection after a few seconds, and a request sent on it just then is reset before it is read.
 * The client sends such a request once more on a fresh connection instead of failing the
 * pairing with "cannot reach the relay"; a relay that really is gone still fails, once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayClient } from '../../../main/pairing/relay-client';
import { makeCertificate } from '../../support/dns-hierarchy/certificates';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/**
 * A relay stand-in on 127.0.0.1: POST opens (201), GET answers 204. `dropReused` resets a
 * connection when a second request arrives on it, as a server closing it for idleness would.
 */
async function relay(dropReused: boolean | 'always') {
  const dir = mkdtempSync(join(tmpdir(), 'yakker-relay-keepalive-'));
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const cert = makeCertificate(dir, 'relay', 'IP:127.0.0.1');
  const served = new WeakMap<Socket, number>();
  let requests = 0;
  let connections = 0;
  const server: Server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    requests++;
    const socket = req.socket;
    const count = (served.get(socket) ?? 0) + 1;
    served.set(socket, count);
    if ((dropReused === true && count > 1) || dropReused === 'always') {
      socket.destroy(); // the client sees ECONNRESET ("socket hang up")
      return;
    }
    res.writeHead(req.method === 'POST' ? 201 : 204).end();
  });
  server.on('secureConnection', () => connections++);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  const port = (server.address() as { port: number }).port;
  const client = new RelayClient(
    { url: `https://127.0.0.1:${port}/v1/relay`, caPem: cert.certPem },
    new Uint8Array(16).fill(7),
  );
  cleanups.push(() => {
    client.close();
  });
  return { client, counts: () => ({ requests, connections }) };
}

describe('relay client on kept-alive connections', () => {
  it('a poll on a connection the relay just closed is sent again on a new one', async () => {
    const { client, counts } = await relay(true);
    await client.open();
    await expect(client.receive('holder', 0)).resolves.toBeNull();
    // open, the reset poll, the poll again: three requests over two connections.
    expect(counts()).toEqual({ requests: 3, connections: 2 });
  });

  it('a relay that resets every request still fails, after one more try, with a reason', async () => {
    const { client, counts } = await relay('always');
    await expect(client.open()).rejects.toThrow(/cannot reach the relay at https:\/\/127\.0\.0\.1/);
    expect(counts().requests).toBe(1); // a new connection is not retried: nothing was stale
  });
});
