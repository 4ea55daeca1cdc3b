/**
 * Checks an RFC 9421 signature on a directory request, the profile of docs/protocol.md
 * ("Directory and provider API request signatures") made stricter for the directory: exactly one
 * signature, ecdsa-p256-sha256, covering `@method`, `@target-uri`, `content-type` and
 * `content-digest` (RFC 9530 sha-256, checked against the body), with `created` within ±60 s of
 * our clock, `keyid` and a `nonce`. The client side is main/crypto/http-signature.ts (the same
 * http-message-signatures package); devnet/ imports nothing from main/, so the server side
 * lives here. Pure: remembering the nonce is the caller's (one transaction with the change).
 */
import { createHash, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createVerifier, httpbis, type VerifyingKey } from 'http-message-signatures';
import { ApiError } from './api-error';

export const SIGNATURE_ALG = 'ecdsa-p256-sha256';
export const SIGNATURE_WINDOW_S = 60;
const REQUIRED_FIELDS = ['@method', '@target-uri', 'content-type', 'content-digest'];

export interface SignedRequest {
  method: string;
  /** The absolute URL as this server is reached (its own origin + path): `@target-uri`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface VerifiedSignature {
  keyId: string;
  nonce: string;
  created: number;
}

/** Signature-Input's parameters, when there is exactly one signature. */
export function signatureParams(headers: IncomingHttpHeaders): VerifiedSignature {
  const input = header(headers, 'signature-input');
  const signature = header(headers, 'signature');
  if (input === '' || signature === '')
    throw new ApiError(401, 'signature-missing', 'this request must be signed (RFC 9421)');
  if ((input.match(/=\(/g) ?? []).length !== 1 || signature.split(',').length !== 1)
    throw new ApiError(401, 'signature-invalid', 'send exactly one signature');
  const created = /;created=(\d+)/.exec(input)?.[1];
  const keyId = /;keyid="([0-9a-f]{64})"/.exec(input)?.[1];
  const nonce = /;nonce="([A-Za-z0-9+/=_-]{16,128})"/.exec(input)?.[1];
  const alg = /;alg="([^"]*)"/.exec(input)?.[1];
  if (created === undefined || keyId === undefined || nonce === undefined)
    throw new ApiError(
      401,
      'signature-invalid',
      'the signature needs created, keyid (SHA-256 of the certificate, hex) and nonce (16-128 chars)',
    );
  if (alg !== undefined && alg !== SIGNATURE_ALG)
    throw new ApiError(401, 'signature-invalid', `only ${SIGNATURE_ALG} is accepted`);
  return { keyId, nonce, created: Number(created) };
}

/** Checks the body's Content-Digest (RFC 9530, sha-256). */
export function checkContentDigest(headers: IncomingHttpHeaders, body: Buffer): void {
  const value = header(headers, 'content-digest');
  const sent = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/=]+):/.exec(value)?.[1];
  if (sent === undefined)
    throw new ApiError(401, 'signature-invalid', 'Content-Digest with sha-256 is required');
  const actual = createHash('sha256').update(body).digest('base64');
  if (sent !== actual)
    throw new ApiError(401, 'signature-invalid', 'Content-Digest does not match the body');
}

/**
 * Verifies the request's one signature with `key` (the certificate the keyid names). Checks the
 * clock window and the digest first. Throws ApiError 401 (`signature-*`).
 */
export async function verifyRequestSignature(
  request: SignedRequest,
  key: KeyObject,
  now: number,
): Promise<VerifiedSignature> {
  const params = signatureParams(request.headers);
  const skew = params.created - Math.floor(now / 1000);
  if (Math.abs(skew) > SIGNATURE_WINDOW_S)
    throw new ApiError(
      401,
      'signature-stale',
      `the signature's created time is ${Math.abs(skew)} s ${skew < 0 ? 'old' : 'in the future'} (at most ${SIGNATURE_WINDOW_S} s)`,
    );
  checkContentDigest(request.headers, request.body);
  let ok: boolean | null;
  try {
    ok = await httpbis.verifyMessage(
      {
        keyLookup: (p): Promise<VerifyingKey | null> =>
          Promise.resolve(
            p.keyid === params.keyId
              ? {
                  id: params.keyId,
                  algs: [SIGNATURE_ALG],
                  verify: createVerifier(key, SIGNATURE_ALG),
                }
              : null,
          ),
        requiredFields: REQUIRED_FIELDS,
        requiredParams: ['created', 'keyid', 'nonce'],
        notAfter: now + (SIGNATURE_WINDOW_S + 1) * 1000,
      },
      { method: request.method, url: request.url, headers: flatHeaders(request.headers) },
    );
  } catch (error) {
    throw new ApiError(401, 'signature-invalid', `signature refused: ${(error as Error).message}`);
  }
  if (ok !== true) throw new ApiError(401, 'signature-invalid', 'the signature does not verify');
  return params;
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
