import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import type { KeyObject } from 'node:crypto';
import { YakkerError } from '../../shared/contract/result';
import {
  canonicalJson,
  type PassportClaims,
  type PassportIdentity,
} from '../../shared/crypto/passport-claims';
import { sameFingerprints, type SdpFingerprint } from '../../shared/crypto/sdp-fingerprint';

/** RFC 8224 §5.2.1 / wire profile: `iat` within ±60 s of the verifier's clock. */
export const PASSPORT_MAX_SKEW_S = 60;

/**
 * Signs a PASSporT (RFC 8225): JWS compact serialization, ES256, header and claims in the
 * deterministic JSON of RFC 8225 §9. `x5u` points at the signer's SMIMEA records; verifiers
 * never trust it (they look the certificate up in validated DNS).
 */
export async function signPassport(
  key: KeyObject,
  claims: PassportClaims,
  x5u: string,
): Promise<string> {
  const header = { alg: 'ES256', typ: 'passport', x5u };
  const payload = new TextEncoder().encode(canonicalJson(claims));
  // jose serialises the header with JSON.stringify in insertion order: alg, typ, x5u is sorted.
  return new CompactSign(payload).setProtectedHeader(header).sign(key);
}

export interface PassportExpectations {
  orig: PassportIdentity;
  dest?: PassportIdentity;
  /** Fingerprints of the SDP that came with the token; mky must equal them. */
  fingerprints?: readonly SdpFingerprint[];
  nowSeconds: number;
}

/**
 * Verifies a PASSporT against the signer's public key (from its published certificate) and
 * what the SIP message says. Errors: crypto-malformed, crypto-signature-invalid, crypto-stale,
 * crypto-sender-mismatch, crypto-fingerprint-mismatch.
 */
export async function verifyPassport(
  token: string,
  publicKey: KeyObject,
  expect: PassportExpectations,
): Promise<PassportClaims> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw new YakkerError('crypto-malformed', 'not a PASSporT (JWS compact serialization)', {
      cause: error,
    });
  }
  if (header.alg !== 'ES256' || header.typ !== 'passport') {
    throw new YakkerError('crypto-malformed', 'PASSporT must be typ passport, alg ES256');
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, publicKey, { algorithms: ['ES256'] }));
  } catch (error) {
    throw new YakkerError('crypto-signature-invalid', 'the PASSporT signature does not verify', {
      cause: error,
    });
  }
  const claims = parseClaims(payload);
  if (Math.abs(expect.nowSeconds - claims.iat) > PASSPORT_MAX_SKEW_S) {
    throw new YakkerError(
      'crypto-stale',
      `PASSporT iat ${claims.iat} is more than ${PASSPORT_MAX_SKEW_S} s off`,
    );
  }
  if (canonicalJson(claims.orig) !== canonicalJson(expect.orig)) {
    throw new YakkerError('crypto-sender-mismatch', 'PASSporT orig is not the calling identity');
  }
  if (expect.dest && !destIncludes(claims.dest, expect.dest)) {
    throw new YakkerError('crypto-sender-mismatch', 'PASSporT dest is not the called identity');
  }
  if (expect.fingerprints && !sameFingerprints(claims.mky ?? [], expect.fingerprints)) {
    throw new YakkerError(
      'crypto-fingerprint-mismatch',
      'PASSporT mky does not match the SDP fingerprints',
    );
  }
  return claims;
}

function parseClaims(payload: Uint8Array): PassportClaims {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch (error) {
    throw new YakkerError('crypto-malformed', 'PASSporT claims are not JSON', { cause: error });
  }
  const c = json as Partial<PassportClaims> | null;
  if (!c || typeof c.iat !== 'number' || typeof c.orig !== 'object' || typeof c.dest !== 'object') {
    throw new YakkerError('crypto-malformed', 'PASSporT lacks orig, dest or iat');
  }
  return c as PassportClaims;
}

function destIncludes(dest: PassportClaims['dest'], who: PassportIdentity): boolean {
  return 'tn' in who ? (dest.tn ?? []).includes(who.tn) : (dest.uri ?? []).includes(who.uri);
}
