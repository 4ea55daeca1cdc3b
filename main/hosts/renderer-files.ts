import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.map': 'application/json',
};

export interface RendererFile {
  body: Buffer;
  contentType: string;
}

/**
 * Reads a file of the renderer build for a URL path, for both hosts (app:// in Electron, the web
 * bridge's HTTP). The path is decoded and normalised and must stay inside `root`; anything else,
 * including `..`, encoded tricks, NUL bytes and missing files, is null (a 404).
 */
export async function readRendererFile(
  root: string,
  urlPath: string,
): Promise<RendererFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const inside = root.endsWith(sep) ? root : root + sep;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(inside, relative));
  if (!full.startsWith(inside)) return null;
  try {
    return {
      body: await readFile(full),
      contentType: TYPES[extname(full)] ?? 'application/octet-stream',
    };
  } catch {
    return null;
  }
}
