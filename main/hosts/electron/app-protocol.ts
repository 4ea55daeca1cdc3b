import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Protocol } from 'electron';
import { contentSecurityPolicy } from '../csp';

/** The renderer is served from app://yakker/, a standard, secure scheme of our own, not file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'yakker';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

/** Must run before app `ready`. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  const root = rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep;
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const relative =
      url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const full = normalize(join(root, relative));
    if (url.host !== APP_HOST || !full.startsWith(root))
      return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(full);
      return new Response(body, {
        headers: {
          'Content-Type': TYPES[extname(full)] ?? 'application/octet-stream',
          'Content-Security-Policy': contentSecurityPolicy(),
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
