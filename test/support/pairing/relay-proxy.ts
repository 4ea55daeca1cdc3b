/**
 * A hostile relay for integration tests: an HTTPS server on 127.0.0.1 (certificate from the
 * devnet's CA, so the pairing clients trust it as they would the real relay) that forwards every
 * request to the real relay mailbox behind it, and lets a rule flip, drop, reorder or inject the
 * frames posted through it. It records each frame as posted, per direction.
 */
import { createServer, request, Agent, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { issueServerCertificate, type DevnetCa } from '../../../devnet/src/index';

export type ProxyDirection = 'to-holder' | 'to-joiner';

export interface ProxiedFrame {
  direction: ProxyDirection;
  bytes: Uint8Array;
}

/** What to forward in place of the `index`-th frame posted towards `direction`. */
export type ProxyRule = (
  direction: ProxyDirection,
  index: number,
  frame: Uint8Array,
) => Uint8Array[];

export const passThrough: ProxyRule = (_d, _i, frame) => [frame];

export interface RelayProxy {
  /** The relay URL to offer: `https://127.0.0.1:PORT/v1/relay`. */
  url: string;
  /** Frames as posted; clear it to start counting indices from 0 again. */
  frames: ProxiedFrame[];
  rule: ProxyRule;
  stop(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

export async function startRelayProxy(options: {
  /** The real relay's origin, `https://127.0.0.1:PORT`. */
  upstream: string;
  ca: DevnetCa;
  /** Where the proxy's certificate goes. */
  dir: string;
}): Promise<RelayProxy> {
  const tls = await issueServerCertificate(options.ca, options.dir, {
    fileStem: 'relay-proxy',
    dnsNames: ['relay-proxy.yakker.test'],
    ips: ['127.0.0.1'],
  });
  const upstream = new URL(options.upstream);
  const agent = new Agent({ keepAlive: true, ca: options.ca.certPem });
  const proxy: RelayProxy = {
    url: '',
    frames: [],
    rule: passThrough,
    stop: () => Promise.resolve(),
  };

  const forward = (
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer | null,
    /** Aborts the upstream request (the client gave up its long-poll). */
    signal?: AbortSignal,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          method,
          path,
          agent,
          headers: { ...headers, 'content-length': String(body?.length ?? 0) },
          ...(signal ? { signal } : {}),
        },
        (res) => {
          void readAll(res).then((b) => {
            const h: Record<string, string> = {};
            const type = res.headers['content-type'];
            if (type) h['content-type'] = type;
            resolve({ status: res.statusCode ?? 502, headers: h, body: b });
          }, reject);
        },
      );
      req.on('error', reject);
      req.end(body ?? undefined);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const body = await readAll(req);
    const headers: Record<string, string> = {};
    const type = req.headers['content-type'];
    if (type) headers['content-type'] = type;
    const frame = /\/to\/(holder|joiner)$/.exec(path.split('?')[0] ?? '');
    if (method === 'POST' && frame) {
      const direction: ProxyDirection = frame[1] === 'holder' ? 'to-holder' : 'to-joiner';
      const bytes = new Uint8Array(body);
      const index = proxy.frames.filter((f) => f.direction === direction).length;
      proxy.frames.push({ direction, bytes });
      let last: { status: number; headers: Record<string, string>; body: Buffer } = {
        status: 202,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{"queued":0}'),
      };
      for (const out of proxy.rule(direction, index, bytes))
        last = await forward('POST', path, headers, Buffer.from(out));
      res.writeHead(last.status, last.headers);
      res.end(last.body);
      return;
    }
    // A client that leaves its long-poll leaves upstream too, so no forgotten read takes a frame.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const reply = await forward(
      method,
      path,
      headers,
      method === 'POST' ? body : null,
      gone.signal,
    );
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  };

  const server: Server = createServer(
    { cert: tls.certPem, key: readFileSync(tls.keyPath) },
    (req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
  proxy.url = `https://127.0.0.1:${port}/v1/relay`;
  proxy.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
      agent.destroy();
    });
  return proxy;
}
