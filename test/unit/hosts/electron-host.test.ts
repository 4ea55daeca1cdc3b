import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../support/test-app';

/**
 * The Electron host's security decisions, with Electron itself faked (its binary is not on this
 * machine; the Playwright Electron spec covers the real thing where it is).
 */
const created: {
  options: Record<string, unknown>;
  handlers: Map<string, (...a: unknown[]) => unknown>;
  openHandler?: (d: { url: string }) => unknown;
}[] = [];
const openExternal = vi.fn();

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: {
      on: (e: string, h: (...a: unknown[]) => unknown) => void;
      setWindowOpenHandler: (h: (d: { url: string }) => unknown) => void;
    };
    constructor(options: Record<string, unknown>) {
      const record: (typeof created)[number] = { options, handlers: new Map() };
      created.push(record);
      this.webContents = {
        on: (event, handler) => record.handlers.set(event, handler),
        setWindowOpenHandler: (handler) => {
          record.openHandler = handler;
        },
      };
    }
    once() {}
  }
  return { BrowserWindow, shell: { openExternal }, session: { defaultSession: {} } };
});

afterEach(() => {
  created.length = 0;
  openExternal.mockReset();
});

describe('secure window factory', () => {
  it('makes sandboxed, isolated windows without Node', async () => {
    const { createSecureWindow } = await import('../../../main/hosts/electron/window-factory');
    createSecureWindow({ preload: '/x/preload.cjs' });
    const prefs = created[0]?.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/x/preload.cjs',
    });
  });

  it('blocks navigation, redirects and webviews; window.open is denied and only https/mailto go to the system browser', async () => {
    const { createSecureWindow } = await import('../../../main/hosts/electron/window-factory');
    createSecureWindow({ preload: '/p.cjs' });
    const record = created[0]!;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      record.handlers.get(event)?.({ preventDefault });
      expect(preventDefault, event).toHaveBeenCalled();
    }
    expect(record.openHandler?.({ url: 'https://example.org/topup' })).toEqual({ action: 'deny' });
    expect(record.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(record.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.org/topup']]);
  });

  it('grants microphone and camera to app://yakker only, and nothing else', async () => {
    const { installPermissionPolicy } = await import('../../../main/hosts/electron/window-factory');
    let requestHandler:
      ((wc: unknown, p: string, cb: (ok: boolean) => void, d: object) => void) | undefined;
    let checkHandler: ((wc: unknown, p: string, origin: string) => boolean) | undefined;
    installPermissionPolicy({
      setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
    } as never);
    const ask = (permission: string, details: object) => {
      let answer: boolean | undefined;
      requestHandler?.(null, permission, (ok) => (answer = ok), details);
      return answer;
    };
    expect(ask('media', { requestingUrl: 'app://yakker/index.html', mediaTypes: ['audio'] })).toBe(
      true,
    );
    expect(
      ask('media', { requestingUrl: 'app://yakker/index.html', mediaTypes: ['audio', 'video'] }),
    ).toBe(true);
    expect(ask('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] })).toBe(
      false,
    );
    expect(ask('media', { requestingUrl: 'app://yakker.evil/', mediaTypes: ['audio'] })).toBe(
      false,
    );
    expect(ask('geolocation', { requestingUrl: 'app://yakker/index.html' })).toBe(false);
    expect(ask('notifications', { requestingUrl: 'app://yakker/index.html' })).toBe(false);
    expect(checkHandler?.(null, 'media', 'app://yakker')).toBe(true);
    expect(checkHandler?.(null, 'media', 'https://evil.example')).toBe(false);
  });
});

describe('IPC', () => {
  it('serves only our own top-level frame, and parses every request', async () => {
    const { serveIpc } = await import('../../../main/hosts/electron/ipc');
    const { app, cleanup } = createTestApp();
    let handler: ((event: unknown, name: unknown, input: unknown) => Promise<unknown>) | undefined;
    serveIpc({ handle: (_channel: string, h: typeof handler) => (handler = h) } as never, app);
    const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

    expect(await handler?.(frame('app://yakker/index.html'), 'app.info', {})).toMatchObject({
      ok: true,
      value: { host: 'test' },
    });
    expect(
      await handler?.(frame('app://yakker/index.html'), 'settings.update', { theme: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await handler?.(frame('https://evil.example/'), 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(
      await handler?.(frame('app://yakker/index.html', { url: 'app://yakker/' }), 'app.info', {}),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await handler?.({ senderFrame: null }, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(await handler?.(frame('not a url'), 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    await cleanup();
  });
});
