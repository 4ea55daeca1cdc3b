import 'reflect-metadata'; // @peculiar/x509 (tsyringe) needs the Reflect metadata polyfill
import { createPublicKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { YakkerError } from '../../shared/contract/result';

/** The wire profile allows identity certificates valid for at most two years. */
export const MAX_VALIDITY_DAYS = 730;
const DAY_MS = 86_400_000;
// Node's WebCrypto is the DOM Crypto that @peculiar/x509 declares (main has no DOM types).
x509.cryptoProvider.set(webcrypto as never);

export interface CertificateRequest {
  privateKey: KeyObject;
  tel?: string | undefined;
  sip?: string | undefined;
  notBefore: Date;
  validityDays: number;
}

/**
 * A self-signed identity certificate per the wire profile: ECDSA P-256 with SHA-256, keyUsage
 * digitalSignature + keyAgreement (critical), subjectAltName URIs `tel:+E164` and/or the SIP URI,
 * subject CN = the identity, a random 128-bit serial. Returns PEM.
 */
export async function createIdentityCertificate(request: CertificateRequest): Promise<string> {
  const { privateKey, tel, sip } = request;
  if (
    privateKey.asymmetricKeyType !== 'ec' ||
    privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
  ) {
    throw new YakkerError('key-unsupported', 'identity certificates are made for P-256 keys only');
  }
  if (!tel && !sip)
    throw new YakkerError('bad-input', 'an identity needs a tel number or a SIP URI');
  if (request.validityDays < 1 || request.validityDays > MAX_VALIDITY_DAYS) {
    throw new YakkerError('bad-input', `validity must be 1..${MAX_VALIDITY_DAYS} days`);
  }
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const subtle = webcrypto.subtle;
  const keys = {
    privateKey: await subtle.importKey(
      'pkcs8',
      privateKey.export({ format: 'der', type: 'pkcs8' }),
      algorithm,
      false,
      ['sign'],
    ),
    publicKey: await subtle.importKey(
      'spki',
      createPublicKey(privateKey).export({ format: 'der', type: 'spki' }),
      algorithm,
      true,
      ['verify'],
    ),
  };
  const uris = [tel ? `tel:${tel}` : null, sip ?? null].filter((u): u is string => u !== null);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive INTEGER
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: [{ CN: [uris[0] ?? ''] }],
    notBefore: request.notBefore,
    notAfter: new Date(request.notBefore.getTime() + request.validityDays * DAY_MS),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    keys,
    extensions: [
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
        true,
      ),
      new x509.SubjectAlternativeNameExtension(uris.map((value) => ({ type: 'url', value }))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return cert.toString('pem');
}
