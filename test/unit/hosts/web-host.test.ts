import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_MAX_FRAME_BYTES } from '../../../shared/contract/bridge-protocol';
import { startWebHost, type WebHost } from '../../../main/hosts/web/web-host';
import { createTestApp } from '../../support/test-app';
import { startTestWebHost } from '../../support/test-web-host';

let host: WebHost;
let staticDir: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ host, staticDir, stop } = await startTestWebHost());
});
afterAll(async () => {
  await stop();
});

const bridgeUrl = (token: string | null) =>
  `ws://127.0.0.1:${host.port}/bridge${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;

/** Opens a socket; resolves with the socket when open, or the HTTP status of the refusal. */
function connect(
  token: string | null,
  headers: Record<string, string> = { Origin: host.origin },
): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(bridgeUrl(token), { headers });
    socket.once('open', () => {
      resolve(socket);
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
    });
    socket.once('error', () => {
      resolve(-1);
    });
  });
}

function call(
  socket: WebSocket,
  frame: unknown,
  binary = false,
): Promise<{
  id: number | null;
  result: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const parsed = JSON.parse((data as Buffer).toString('utf8')) as { type: string };
      if (parsed.type === 'result') {
        socket.off('message', onMessage);
        resolve(parsed as never);
      }
    };
    socket.on('message', onMessage);
    socket.send(
      typeof frame === 'string'
        ? frame
        : binary
          ? Buffer.from(JSON.stringify(frame))
          : JSON.stringify(frame),
      { binary },
    );
  });
}

async function open(): Promise<WebSocket> {
  const socket = await connect(host.token);
  if (typeof socket === 'number') throw new Error(`refused: ${socket}`);
  return socket;
}

describe('web bridge security', () => {
  it('refuses to listen beyond loopback', async () => {
    const { app, cleanup } = createTestApp();
    for (const bad of ['0.0.0.0', '::', 'localhost', '192.168.1.10', 'example.org']) {
      await expect(startWebHost({ app, staticDir, host: bad })).rejects.toMatchObject({
        code: 'bad-input',
      });
    }
    await cleanup();
  });

  it('listens on 127.0.0.1 with a fresh random token per launch', async () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.url).toBe(`${host.origin}/#token=${encodeURIComponent(host.token)}`);
    const { app, cleanup } = createTestApp();
    const other = await startWebHost({ app, staticDir });
    expect(other.token).not.toBe(host.token);
    expect(Buffer.from(other.token, 'base64url').length).toBe(32);
    await other.close();
    await cleanup();
  });

  it('refuses a missing token', async () => {
    expect(await connect(null)).toBe(401);
  });

  it('refuses a wrong token, including one of the right length', async () => {
    expect(await connect('wrong')).toBe(401);
    expect(await connect(host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A'))).toBe(
      401,
    );
  });

  it('refuses a foreign or missing Origin even with the right token', async () => {
    expect(await connect(host.token, { Origin: 'http://evil.example' })).toBe(403);
    expect(await connect(host.token, { Origin: `http://localhost:${host.port}` })).toBe(403);
    expect(await connect(host.token, {})).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding) on the socket and on pages', async () => {
    expect(
      await connect(host.token, { Origin: host.origin, Host: `rebind.example:${host.port}` }),
    ).toBe(421);
    const status = await new Promise<number>((resolve) => {
      request(
        { host: '127.0.0.1', port: host.port, path: '/', headers: { Host: 'rebind.example' } },
        (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
        },
      ).end();
    });
    expect(status).toBe(421);
  });

  it('serves pages with a strict CSP and nothing outside the build folder', async () => {
    const index = await fetch(`${host.origin}/`);
    expect(index.status).toBe(200);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2f..%2fetc/passwd',
      '/%00',
      '/%E0%A4%A',
    ]) {
      expect((await fetch(`${host.origin}${path}`)).status, path).toBe(404);
    }
  });

  it('answers malformed frames with bad-request and keeps serving', async () => {
    const socket = await open();
    expect((await call(socket, 'not json')).result.error?.code).toBe('bad-request');
    expect((await call(socket, { id: 1, type: 'request' })).result.error?.code).toBe('bad-request');
    expect(
      (
        await call(socket, {
          id: 2,
          type: 'request',
          name: 'settings.update',
          input: { theme: 'neon' },
        })
      ).result.error?.code,
    ).toBe('bad-request');
    expect(
      (await call(socket, { id: 3, type: 'request', name: 'no.such', input: {} })).result.error
        ?.code,
    ).toBe('unknown-request');
    expect(
      (await call(socket, { id: 4, type: 'request', name: 'app.info', input: {} }, true)).result
        .error?.code,
    ).toBe('bad-request');
    const ok = await call(socket, { id: 5, type: 'request', name: 'app.info', input: {} });
    expect(ok).toMatchObject({ id: 5, result: { ok: true, value: { host: 'test' } } });
    socket.close();
  });

  it('closes a socket that sends an oversized frame, and stays up for others', async () => {
    const socket = await open();
    const closed = new Promise<number>((resolve) =>
      socket.once('close', (code) => {
        resolve(code);
      }),
    );
    socket.send('x'.repeat(BRIDGE_MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(1009);
    const again = await open();
    expect(
      (await call(again, { id: 1, type: 'request', name: 'status.get', input: {} })).result.ok,
    ).toBe(true);
    again.close();
  });

  it('pushes events to connected clients', async () => {
    const socket = await open();
    const event = new Promise<unknown>((resolve) => {
      socket.on('message', (data) => {
        const frame = JSON.parse((data as Buffer).toString('utf8')) as { type: string };
        if (frame.type === 'event') resolve(frame);
      });
    });
    await call(socket, {
      id: 9,
      type: 'request',
      name: 'settings.update',
      input: { theme: 'dark' },
    });
    expect(await event).toMatchObject({
      type: 'event',
      name: 'settings.changed',
      payload: { theme: 'dark' },
    });
    socket.close();
  });
});
