import {
  createSigner,
  createVerifier,
  httpbis,
  type Request,
  type Response,
  type VerifyConfig,
  type VerifyingKey,
} from 'http-message-signatures';
import type { KeyObject } from 'node:crypto';
import { YakkerError } from '../../shared/contract/result';

/**
 * RFC 9421 HTTP Message Signatures with ecdsa-p256-sha256, for directory and provider requests
 * (wire profile, "Directory API"). Built on the `http-message-signatures` package.
 */
export const SIGNATURE_ALG = 'ecdsa-p256-sha256';
/** What Yakker signs on a request, unless told otherwise. */
export const DEFAULT_REQUEST_COMPONENTS = [
  '@method',
  '@target-uri',
  'content-type',
  'content-digest',
];
export const DEFAULT_MAX_AGE_S = 300;
const TOLERANCE_S = 5;

export interface HttpSignOptions {
  key: KeyObject;
  /** keyid: the SHA-256 fingerprint of the signer's certificate (hex). */
  keyId: string;
  components?: readonly string[];
  created: Date;
  nonce?: string;
  label?: string;
}

/** Adds Signature-Input and Signature headers to a request (or a response with its request). */
export async function signHttpMessage<T extends Request | Response>(
  message: T,
  options: HttpSignOptions,
  request?: Request,
): Promise<T> {
  const fields = (options.components ?? DEFAULT_REQUEST_COMPONENTS).filter(
    (name) => name.startsWith('@') || hasHeader(message, name),
  );
  const config = {
    key: createSigner(options.key, SIGNATURE_ALG, options.keyId),
    name: options.label ?? 'sig1',
    fields,
    params: ['created', 'keyid', 'alg', ...(options.nonce ? ['nonce'] : [])],
    paramValues: { created: options.created, ...(options.nonce ? { nonce: options.nonce } : {}) },
  };
  if ('status' in message) return httpbis.signMessage(config, message, request) as Promise<T>;
  return httpbis.signMessage(config, message) as Promise<T>;
}

export interface HttpVerifyOptions {
  /** Finds the public key for a keyid (from the certificate published for the identity). */
  keyLookup: (keyId: string) => Promise<KeyObject | null>;
  requiredFields?: readonly string[];
  now: Date;
  maxAgeSeconds?: number;
}

/**
 * Verifies the signatures on a message. Errors: crypto-signature-invalid (missing, wrong or
 * failing signature, unknown key, missing required component), crypto-stale (too old).
 */
export async function verifyHttpMessage(
  message: Request | Response,
  options: HttpVerifyOptions,
  request?: Request,
): Promise<void> {
  const config: VerifyConfig = {
    keyLookup: async (params): Promise<VerifyingKey | null> => {
      if (params.alg !== undefined && params.alg !== SIGNATURE_ALG) return null;
      const keyId = typeof params.keyid === 'string' ? params.keyid : null;
      const key = keyId ? await options.keyLookup(keyId) : null;
      return key
        ? { id: keyId ?? '', algs: [SIGNATURE_ALG], verify: createVerifier(key, SIGNATURE_ALG) }
        : null;
    },
    requiredFields: [...(options.requiredFields ?? [])],
    requiredParams: ['created', 'keyid'],
    // The library measures maxAge against the wall clock; we check age against options.now below.
    notAfter: new Date(options.now.getTime() + TOLERANCE_S * 1000),
    tolerance: TOLERANCE_S,
  };
  const header = headerValue(message, 'signature-input');
  const created = [...header.matchAll(/;created=(\d+)/g)].map((m) => Number(m[1]));
  const oldest = Math.min(...created);
  const maxAge = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_S;
  if (created.length > 0 && options.now.getTime() / 1000 - oldest > maxAge + TOLERANCE_S) {
    throw new YakkerError('crypto-stale', `the HTTP signature is older than ${maxAge} s`);
  }
  let ok: boolean | null;
  try {
    ok =
      'status' in message
        ? await httpbis.verifyMessage(config, message, request)
        : await httpbis.verifyMessage(config, message);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (/Expired/i.test(name))
      throw new YakkerError('crypto-stale', 'the HTTP signature is too old', { cause: error });
    throw new YakkerError('crypto-signature-invalid', `HTTP signature rejected: ${String(error)}`, {
      cause: error,
    });
  }
  if (ok !== true) throw new YakkerError('crypto-signature-invalid', 'no valid HTTP signature');
}

function headerValue(message: Request | Response, name: string): string {
  const key = Object.keys(message.headers).find((h) => h.toLowerCase() === name);
  const value = key === undefined ? undefined : message.headers[key];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function hasHeader(message: Request | Response, name: string): boolean {
  return Object.keys(message.headers).some((h) => h.toLowerCase() === name.toLowerCase());
}
