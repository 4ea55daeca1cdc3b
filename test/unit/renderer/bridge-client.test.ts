import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../main/hosts/web/web-host';
import { connectBridge } from '../../../renderer/src/api/bridge-client';
import { createTestApp } from '../../support/test-app';
import { startTestWebHost } from '../../support/test-web-host';

/**
 * The renderer's bridge client against the real web host. Node 20 has no global WebSocket, so
 * `ws` stands in, sending the Origin a browser on the host's page would send.
 */
let host: WebHost;
let staticDir: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ host, staticDir, stop } = await startTestWebHost());
  const origin = host.origin;
  (globalThis as { WebSocket?: unknown }).WebSocket = class extends WebSocket {
    constructor(url: string) {
      super(url, { headers: { Origin: origin } });
    }
  };
});
afterAll(async () => {
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
  await stop();
});

const url = (token: string) =>
  `ws://127.0.0.1:${host.port}/bridge?token=${encodeURIComponent(token)}`;

describe('bridge client', () => {
  it('makes typed requests and receives events', async () => {
    const client = connectBridge(url(host.token));
    const events: unknown[] = [];
    client.on('settings.changed', (s) => events.push(s.theme));
    const info = await client.request('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { host: 'test' } });
    const updated = await client.request('settings.update', { theme: 'light' });
    expect(updated.ok && updated.value.theme).toBe('light');
    await expect.poll(() => events).toEqual(['light']);
  });

  it('answers requests with unavailable, never hangs, when the bridge refuses it', async () => {
    const client = connectBridge(url('wrong-token'));
    await expect(client.ready).rejects.toThrow(/refused or closed/);
    const result = await client.request('app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('ends pending requests with unavailable when the connection drops', async () => {
    const { app, cleanup } = createTestApp();
    const other = await startWebHost({ app, staticDir });
    (globalThis as { WebSocket?: unknown }).WebSocket = class extends WebSocket {
      constructor(u: string) {
        super(u, { headers: { Origin: other.origin } });
      }
    };
    const client = connectBridge(
      `ws://127.0.0.1:${other.port}/bridge?token=${encodeURIComponent(other.token)}`,
    );
    await client.ready;
    const states: boolean[] = [];
    client.onConnectionChange((c) => states.push(c));
    const pending = client.request('status.get', {});
    await other.close();
    const result = await pending;
    // Either it was answered before the close, or it ends as unavailable: never a hang.
    expect(result.ok || (!result.ok && result.error.code === 'unavailable')).toBe(true);
    const after = await client.request('status.get', {});
    expect(after).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(states).toEqual([false]);
    await cleanup();
  });
});
