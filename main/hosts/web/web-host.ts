import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { BRIDGE_MAX_FRAME_BYTES } from '../../../shared/contract/bridge-protocol';
import { YakkerError } from '../../../shared/contract/result';
import type { YakkerApp } from '../../app/bootstrap';
import { contentSecurityPolicy } from '../csp';
import { serveBridgeConnection } from './bridge-connection';
import { isLoopbackHost, originFor } from './loopback';
import { serveStatic } from './static-files';

export interface WebHostOptions {
  app: YakkerApp;
  /** The renderer build (dist/renderer). */
  staticDir: string;
  /** 127.0.0.1 (default) or ::1. Anything else is refused. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed token for tests; normally 32 random bytes per launch. */
  token?: string;
}

export interface WebHost {
  /** What to open in a browser; carries the token in the fragment, which is never sent to a server. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const BRIDGE_PATH = '/bridge';

/**
 * The web bridge: serves the renderer build and the contract over a WebSocket, on loopback only.
 * Three checks guard the socket: the Host header (against DNS rebinding), the Origin (against
 * other pages in the same browser) and the per-launch token (against other local programs and
 * users).
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new YakkerError(
      'bad-input',
      `The web bridge listens on loopback only (127.0.0.1 or ::1), not on ${host}.`,
    );
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  let origin = '';
  let hostHeader = '';

  const wss = new WebSocketServer({ noServer: true, maxPayload: BRIDGE_MAX_FRAME_BYTES });
  wss.on('connection', (socket) => {
    serveBridgeConnection(socket, options.app);
  });

  const server = createServer((req, res) => {
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy([origin.replace(/^http/, 'ws')]),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    if (req.headers.host !== hostHeader || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(req.headers.host !== hostHeader ? 421 : 405, headers);
      res.end();
      return;
    }
    const path = new URL(req.url ?? '/', origin).pathname;
    void serveStatic(options.staticDir, path, res, headers);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const refusal = checkUpgrade(req, { origin, hostHeader, tokenBytes });
    if (refusal) {
      options.app.logger.warn('bridge refused a connection', {
        reason: refusal.reason,
        origin: req.headers.origin,
      });
      socket.end(`HTTP/1.1 ${refusal.status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: options.port ?? 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = originFor(host, port);
  hostHeader = new URL(origin).host;

  return {
    url: `${origin}/#token=${encodeURIComponent(token)}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

interface UpgradeExpectation {
  origin: string;
  hostHeader: string;
  tokenBytes: Buffer;
}

function checkUpgrade(
  req: IncomingMessage,
  expected: UpgradeExpectation,
): { status: string; reason: string } | null {
  const url = new URL(req.url ?? '/', expected.origin);
  if (url.pathname !== BRIDGE_PATH) return { status: '404 Not Found', reason: 'wrong path' };
  if (req.headers.host !== expected.hostHeader)
    return { status: '421 Misdirected Request', reason: 'foreign Host header' };
  if (req.headers.origin !== expected.origin)
    return { status: '403 Forbidden', reason: 'foreign or missing Origin' };
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  if (given.length !== expected.tokenBytes.length || !timingSafeEqual(given, expected.tokenBytes)) {
    return { status: '401 Unauthorized', reason: 'missing or wrong token' };
  }
  return null;
}
