import type { Protocol } from 'electron';
import { contentSecurityPolicy } from '../csp';
import { readRendererFile } from '../renderer-files';

/** The renderer is served from app://yakker/, a standard, secure scheme of our own, not file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'yakker';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Must run before app `ready`. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? await readRendererFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: {
        'Content-Type': file.contentType,
        'Content-Security-Policy': contentSecurityPolicy(),
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
