/**
 * Reading one API request safely: a size-limited body, strict JSON (application/json, an object,
 * no unknown fields), Content-Digest (RFC 9530, sha-256) checked against the bytes received, and
 * the replay parameters of the RFC 9421 signature (created within ±60 s, a nonce).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { ProviderApiError } from './api-errors';

export const MAX_BODY_BYTES = 4096;
export const MAX_SKEW_S = 60;
const NONCE_RE = /^[A-Za-z0-9_-]{16,128}$/;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new ProviderApiError('too-large', `the body may be at most ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ProviderApiError('too-large', `the body may be at most ${limit} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The body as the schema's type; an empty body counts as `{}` when `emptyOk`. */
export function parseJsonBody<T>(
  req: IncomingMessage,
  body: Buffer,
  schema: z.ZodType<T>,
  emptyOk = false,
): T {
  let data: unknown = {};
  if (body.length > 0 || !emptyOk) {
    const type = (header(req, 'content-type') ?? '').toLowerCase().replace(/\s+/g, '');
    if (type !== 'application/json' && type !== 'application/json;charset=utf-8')
      throw new ProviderApiError('unsupported-media-type', 'send the body as application/json');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw new ProviderApiError('bad-json', 'the body is not UTF-8');
    }
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ProviderApiError('bad-json', `the body is not JSON: ${(error as Error).message}`);
    }
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    const code = issue?.path[0] === 'number' ? 'not-e164' : 'bad-request';
    throw new ProviderApiError(code, `${where}${issue?.message ?? 'invalid body'}`);
  }
  return parsed.data;
}

/** When there is a body, Content-Digest must be present and name its SHA-256. */
export function checkContentDigest(req: IncomingMessage, body: Buffer): void {
  if (body.length === 0) return;
  const value = header(req, 'content-digest');
  if (value === undefined)
    throw new ProviderApiError(
      'signature-invalid',
      'a body needs a signed Content-Digest (sha-256)',
    );
  const m = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/=]+):/.exec(value);
  const expected = createHash('sha256').update(body).digest('base64');
  if (m?.[1] !== expected)
    throw new ProviderApiError('signature-invalid', 'Content-Digest does not match the body');
}

export interface SignatureParams {
  created: number;
  nonce: string;
  keyId: string;
}

/** The replay parameters of the (single) signature; freshness is checked against `now`. */
export function signatureParams(req: IncomingMessage, now: Date): SignatureParams {
  const input = header(req, 'signature-input');
  if (input === undefined || header(req, 'signature') === undefined)
    throw new ProviderApiError(
      'signature-missing',
      'sign the request (RFC 9421, ecdsa-p256-sha256) with the key of the number',
    );
  const created = /;created=(\d{1,12})/.exec(input)?.[1];
  const nonce = /;nonce="([^"]*)"/.exec(input)?.[1];
  const keyId = /;keyid="([^"]*)"/.exec(input)?.[1];
  if (created === undefined || keyId === undefined)
    throw new ProviderApiError('signature-invalid', 'the signature needs created and keyid');
  if (nonce === undefined || !NONCE_RE.test(nonce))
    throw new ProviderApiError(
      'signature-invalid',
      'the signature needs a nonce of 16 to 128 characters [A-Za-z0-9_-]',
    );
  const skew = Math.abs(now.getTime() / 1000 - Number(created));
  if (skew > MAX_SKEW_S)
    throw new ProviderApiError(
      'stale',
      `the signature was created ${Math.round(skew)} s from now; at most ${MAX_SKEW_S} s`,
    );
  return { created: Number(created), nonce, keyId };
}
