import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../devnet/src/dns/tools';

export interface TestCertificate {
  name: string;
  der: Buffer;
  /** SHA-256 of the SubjectPublicKeyInfo, hex: the TLSA/SMIMEA 3 1 1 association. */
  spkiSha256: string;
  /** The private key (PEM, PKCS#8), for tests that sign or serve TLS. */
  keyPem: string;
  certPem: string;
}

/**
 * A self-signed ECDSA P-256 certificate made with openssl, as wire-profile.md describes user
 * certificates (subjectAltName URIs) and server certificates (DNS names).
 */
export function makeCertificate(
  dir: string,
  name: string,
  subjectAltName: string,
): TestCertificate {
  const key = join(dir, `${name}.key.pem`);
  const cert = join(dir, `${name}.cert.pem`);
  run(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '30',
      '-subj',
      `/CN=${name}`,
      '-addext',
      `subjectAltName=${subjectAltName}`,
      '-addext',
      'keyUsage=digitalSignature,keyAgreement',
    ],
    dir,
  );
  const certPem = readFileSync(cert, 'utf8');
  const x509 = new X509Certificate(certPem);
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  return {
    name,
    der: x509.raw,
    spkiSha256: createHash('sha256').update(spki).digest('hex'),
    keyPem: readFileSync(key, 'utf8'),
    certPem,
  };
}
