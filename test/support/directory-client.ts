/**
 * A client for the devnet directory API in tests: HTTPS with the devnet CA (checks on), JSON
 * bodies, and requests signed the way the app signs them (main/crypto/http-signature.ts, RFC 9421
 * with Content-Digest and a nonce).
 */
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { signHttpMessage } from '../../main/crypto/http-signature';

export interface Signer {
  key: KeyObject;
  certDer: Buffer;
  /** Defaults: now, and a fresh random nonce (null: no nonce). */
  created?: Date;
  nonce?: string | null;
}

export interface ApiReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface SendOptions {
  /** A JSON value (serialised), or raw bytes sent as they are. */
  json?: unknown;
  raw?: Buffer | string;
  headers?: Record<string, string>;
  sign?: Signer;
  /** Rewrites headers after signing (tampering tests). */
  afterSign?: (headers: Record<string, string>) => void;
  /** Signs as if the request went to this path (a signature moved to another endpoint). */
  signAsPath?: string;
  /** Aborts the request (long-polls). */
  signal?: AbortSignal;
}

export function keyIdOf(certDer: Buffer): string {
  return createHash('sha256').update(certDer).digest('hex');
}

export function directoryClient(baseUrl: string, caPem: string) {
  async function send(method: string, path: string, options: SendOptions = {}): Promise<ApiReply> {
    const url = `${baseUrl}${path}`;
    const body =
      options.raw !== undefined
        ? Buffer.from(options.raw)
        : options.json !== undefined
          ? Buffer.from(JSON.stringify(options.json))
          : Buffer.alloc(0);
    let headers: Record<string, string> = {
      ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    };
    if (options.sign) {
      headers['content-digest'] = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
      const signed = await signHttpMessage(
        { method, url: `${baseUrl}${options.signAsPath ?? path}`, headers },
        {
          key: options.sign.key,
          keyId: keyIdOf(options.sign.certDer),
          created: options.sign.created ?? new Date(),
          ...(options.sign.nonce === null
            ? {}
            : { nonce: options.sign.nonce ?? randomBytes(16).toString('base64url') }),
        },
      );
      headers = Object.fromEntries(
        Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
    }
    options.afterSign?.(headers);
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          method,
          ca: caPem,
          headers: { ...headers, 'content-length': String(body.length) },
          ...(options.signal ? { signal: options.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const data = Buffer.concat(chunks);
            const text = data.toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, text, json });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  return {
    send,
    post: (path: string, json: unknown, sign?: Signer): Promise<ApiReply> =>
      send('POST', path, sign ? { json, sign } : { json }),
    get: (path: string): Promise<ApiReply> => send('GET', path),
  };
}

export type DirectoryClient = ReturnType<typeof directoryClient>;

/** The `{error: {code}}` of a reply, for assertions. */
export function errorCode(reply: ApiReply): string | undefined {
  const e = (reply.json as { error?: { code?: string } } | undefined)?.error;
  return e?.code;
}
