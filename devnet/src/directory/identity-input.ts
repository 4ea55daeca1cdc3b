/**
 * What a client sends about itself, checked: E.164 numbers, NAPTR targets, certificates (X.509,
 * P-256 key, a `tel:` subjectAltName for the number). Pure functions; ApiError on bad input.
 */
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { ApiError } from './api-error';

const E164 = /^\+[1-9][0-9]{1,14}$/;
const TARGET =
  /^sips?:\+[1-9][0-9]{1,14}@[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function checkE164(value: string): string {
  if (!E164.test(value))
    throw new ApiError(
      400,
      'invalid-number',
      `not an E.164 number (+ and 2 to 15 digits): ${value}`,
    );
  return value;
}

/** A NAPTR target for `number`: `sip:` or `sips:` + the number + `@` + a DNS name. */
export function checkTarget(number: string, target: string): string {
  if (!TARGET.test(target) || target.split('@')[0]?.replace(/^sips?:/, '') !== number)
    throw new ApiError(
      400,
      'invalid-target',
      `the target must be sip:${number}@<provider domain> (lower case), not ${target}`,
    );
  return target;
}

export interface CheckedCertificate {
  der: Buffer;
  /** keyid of its signatures: lower-case hex SHA-256 of the DER certificate. */
  keyId: string;
  publicKey: KeyObject;
}

/** keyid for a certificate: lower-case hex SHA-256 of its DER (docs/protocol.md). */
export function keyIdOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/**
 * A certificate in base64 DER or PEM, for `number` when given: a parsable X.509 certificate,
 * currently valid, with a P-256 key and `tel:<number>` in its subjectAltName.
 */
export function checkCertificate(
  text: string,
  number: string | null,
  now: Date,
): CheckedCertificate {
  let cert: X509Certificate;
  try {
    const der = text.includes('-----BEGIN')
      ? new X509Certificate(text).raw
      : Buffer.from(text, 'base64');
    cert = new X509Certificate(der);
  } catch {
    throw new ApiError(400, 'invalid-certificate', 'not an X.509 certificate (base64 DER or PEM)');
  }
  const key = cert.publicKey;
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new ApiError(400, 'invalid-certificate', 'the certificate key must be ECDSA P-256');
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo))
    throw new ApiError(400, 'invalid-certificate', 'the certificate is not valid now');
  if (number !== null) {
    const uris = (cert.subjectAltName ?? '').split(/,\s*/).map((s) => s.trim());
    if (!uris.includes(`URI:tel:${number}`))
      throw new ApiError(
        400,
        'certificate-number-mismatch',
        `the certificate's subjectAltName has no tel:${number}`,
      );
  }
  return { der: cert.raw, keyId: keyIdOf(cert.raw), publicKey: key };
}
