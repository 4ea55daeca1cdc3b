/**
 * Signature algorithms through node:crypto (reference/dnssec.md §1.3, §2.10): RSA 5/7/8/10,
 * ECDSA 13/14 (r‖s, ieee-p1363), Ed25519 15, Ed448 16; DS digests 1/2/4.
 */
import { type KeyObject, createHash, createPublicKey, timingSafeEqual, verify } from 'node:crypto';

const RSA = new Map<number, string>([
  [5, 'sha1'],
  [7, 'sha1'],
  [8, 'sha256'],
  [10, 'sha512'],
]);
const EC = new Map<number, { crv: string; size: number; hash: string }>([
  [13, { crv: 'P-256', size: 32, hash: 'sha256' }],
  [14, { crv: 'P-384', size: 48, hash: 'sha384' }],
]);
const ED = new Map<number, { crv: string; key: number; sig: number }>([
  [15, { crv: 'Ed25519', key: 32, sig: 64 }],
  [16, { crv: 'Ed448', key: 57, sig: 114 }],
]);
const DIGESTS = new Map<number, { hash: string; size: number }>([
  [1, { hash: 'sha1', size: 20 }],
  [2, { hash: 'sha256', size: 32 }],
  [4, { hash: 'sha384', size: 48 }],
]);

export const SUPPORTED_ALGORITHMS: readonly number[] = [5, 7, 8, 10, 13, 14, 15, 16];
export const SUPPORTED_DIGESTS: readonly number[] = [1, 2, 4];

export function algorithmSupported(alg: number): boolean {
  return RSA.has(alg) || EC.has(alg) || ED.has(alg);
}

export function digestSupported(type: number): boolean {
  return DIGESTS.has(type);
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

const keyCache = new Map<string, KeyObject | null>();

function importKey(alg: number, key: Uint8Array): KeyObject | null {
  const id = `${alg}:${Buffer.from(key).toString('base64')}`;
  const hit = keyCache.get(id);
  if (hit !== undefined) return hit;
  let out: KeyObject | null = null;
  try {
    if (RSA.has(alg)) {
      let off = 1;
      let elen = key[0] ?? 0;
      if (elen === 0) {
        elen = ((key[1] ?? 0) << 8) | (key[2] ?? 0);
        off = 3;
      }
      const e = key.subarray(off, off + elen);
      const n = key.subarray(off + elen);
      if (elen > 0 && n.length > 0 && off + elen <= key.length && n.length <= 512) {
        out = createPublicKey({ key: { kty: 'RSA', n: b64u(n), e: b64u(e) }, format: 'jwk' });
      }
    } else if (EC.has(alg)) {
      const p = EC.get(alg);
      if (p && key.length === 2 * p.size) {
        out = createPublicKey({
          key: {
            kty: 'EC',
            crv: p.crv,
            x: b64u(key.subarray(0, p.size)),
            y: b64u(key.subarray(p.size)),
          },
          format: 'jwk',
        });
      }
    } else if (ED.has(alg)) {
      const p = ED.get(alg);
      if (p && key.length === p.key)
        out = createPublicKey({ key: { kty: 'OKP', crv: p.crv, x: b64u(key) }, format: 'jwk' });
    }
  } catch {
    out = null;
  }
  if (keyCache.size > 4096) keyCache.clear();
  keyCache.set(id, out);
  return out;
}

/** True only for a valid signature; malformed keys or signatures are simply false. */
export function verifySignature(
  alg: number,
  publicKey: Uint8Array,
  data: Uint8Array,
  sig: Uint8Array,
): boolean {
  const key = importKey(alg, publicKey);
  if (!key) return false;
  try {
    const rsa = RSA.get(alg);
    if (rsa) return verify(rsa, data, key, sig);
    const ec = EC.get(alg);
    if (ec)
      return (
        sig.length === 2 * ec.size && verify(ec.hash, data, { key, dsaEncoding: 'ieee-p1363' }, sig)
      );
    const ed = ED.get(alg);
    if (ed) return sig.length === ed.sig && verify(null, data, key, sig);
  } catch {
    return false;
  }
  return false;
}

/** RFC 4034 §5.1.4: digest over owner (canonical wire) ‖ DNSKEY RDATA. */
export function dsDigest(
  ownerLower: Uint8Array,
  dnskeyRdata: Uint8Array,
  digestType: number,
): Uint8Array | undefined {
  const d = DIGESTS.get(digestType);
  if (!d) return undefined;
  return createHash(d.hash).update(ownerLower).update(dnskeyRdata).digest();
}

export function digestMatches(expected: Uint8Array, actual: Uint8Array): boolean {
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
