import { request as httpsRequest } from 'node:https';
import { YakkerError } from '../../shared/contract/result';
import type { RequestSigner } from './request-signer';

/** What came back from a network API: status and the body parsed as JSON (or its text). */
export interface ApiResponse {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

export interface HttpsCallOptions {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** PEM of the network's CA; null: the system roots. */
  caPem: string | null;
  timeoutMs?: number;
  /** Names the service in errors ("the directory", "your provider"). */
  service: string;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * One HTTPS request to a Yakker network API (directory, provider), trusting the network
 * profile's CA (or the system roots). Certificate checks are always on. A server that cannot
 * be reached, times out or answers garbage becomes an `unavailable`/`timeout` YakkerError that
 * says which service and why, in plain words.
 */
export function httpsCall(options: HttpsCallOptions): Promise<ApiResponse> {
  const body = options.body ?? Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      options.url,
      {
        method: options.method,
        headers: { ...options.headers, 'content-length': String(body.length) },
        ...(options.caPem === null ? {} : { ca: options.caPem }),
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy();
            reject(new YakkerError('unavailable', `${options.service} sent too much data`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            text,
            json,
          });
        });
        res.on('error', (error) => {
          reject(unreachable(options.service, error));
        });
      },
    );
    req.on('timeout', () => {
      req.destroy(new YakkerError('timeout', `${options.service} did not answer in time`));
    });
    req.on('error', (error) => {
      reject(error instanceof YakkerError ? error : unreachable(options.service, error));
    });
    req.end(body);
  });
}

function unreachable(service: string, error: Error): YakkerError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code))
    return new YakkerError(
      'tls-verify-failed',
      `${service} showed a certificate this network does not vouch for`,
      { cause: error },
    );
  return new YakkerError(
    'unavailable',
    `can't reach ${service} (${code || error.message}); check your connection and try again`,
    { cause: error },
  );
}

/** The `{error: {code, message}}` a Yakker API answers with, if it is one. */
export function apiError(response: ApiResponse): { code: string; message: string } | null {
  const e = (response.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (e === undefined || typeof e.code !== 'string') return null;
  return { code: e.code, message: typeof e.message === 'string' ? e.message : e.code };
}

/**
 * One JSON request to a network API (directory or provider): the body serialised, signed with
 * RFC 9421 when a signer is given (it adds content-type and Content-Digest), else plain JSON.
 */
export async function jsonCall(options: {
  method: string;
  url: string;
  json: unknown;
  signer?: RequestSigner | undefined;
  caPem: string | null;
  service: string;
}): Promise<ApiResponse> {
  const { method, url, json, signer } = options;
  const body = json === undefined ? null : Buffer.from(JSON.stringify(json));
  const headers = signer
    ? await signer.sign(method, url, body)
    : body === null
      ? {}
      : { 'content-type': 'application/json' };
  return httpsCall({
    method,
    url,
    headers,
    ...(body === null ? {} : { body }),
    caPem: options.caPem,
    service: options.service,
  });
}
