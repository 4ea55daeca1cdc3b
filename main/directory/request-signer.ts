import { createHash, randomBytes } from 'node:crypto';
import { signHttpMessage } from '../crypto/http-signature';
import type { IdentityCredential } from '../keystore/identity-service';

/** Signs Yakker API requests (directory, provider) with an identity's current key. */
export interface RequestSigner {
  /** Headers to send: content-type and Content-Digest for a body, Signature-Input, Signature. */
  sign(method: string, url: string, body: Buffer | null): Promise<Record<string, string>>;
}

/**
 * RFC 9421 (ecdsa-p256-sha256) as the wire profile's "Directory API" fixes it: keyid = SHA-256
 * of the DER certificate, `created` now, a fresh nonce, and a Content-Digest covering the body.
 * The key stays in main: the credential comes from the IdentityService and is used right here.
 */
export function credentialSigner(
  credential: () => Promise<IdentityCredential>,
  now: () => Date = () => new Date(),
): RequestSigner {
  return {
    async sign(method, url, body) {
      const { certificate, key } = await credential();
      const headers: Record<string, string> = {};
      if (body !== null) {
        headers['content-type'] = 'application/json';
        headers['content-digest'] =
          `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
      }
      const signed = await signHttpMessage(
        { method, url, headers },
        {
          key,
          keyId: createHash('sha256').update(certificate.der).digest('hex'),
          created: now(),
          nonce: randomBytes(18).toString('base64url'),
        },
      );
      return Object.fromEntries(
        Object.entries(signed.headers).map(([k, v]) => [
          k.toLowerCase(),
          Array.isArray(v) ? v.join(', ') : v,
        ]),
      );
    },
  };
}
