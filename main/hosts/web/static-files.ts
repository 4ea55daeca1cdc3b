import type { ServerResponse } from 'node:http';
import { readRendererFile } from '../renderer-files';

/** Serves the renderer build read-only over HTTP; anything outside it is 404. */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  const file = await readRendererFile(root, urlPath);
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': file.contentType });
  res.end(file.body);
}
