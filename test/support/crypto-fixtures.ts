import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { parseCertificate, type ParsedCertificate } from '../../main/crypto/der';
import { createIdentityCertificate } from '../../main/keystore/certificate-factory';

export interface TestIdentity {
  key: KeyObject;
  certificate: ParsedCertificate;
  pem: string;
  keyPem: string;
}

/** A P-256 key and a self-signed identity certificate, valid from `notBefore` for `days`. */
export async function makeTestIdentity(
  names: { tel?: string; sip?: string },
  notBefore = new Date(Date.now() - 60_000),
  days = 30,
): Promise<TestIdentity> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = await createIdentityCertificate({
    privateKey,
    ...names,
    notBefore,
    validityDays: days,
  });
  return {
    key: privateKey,
    certificate: parseCertificate(pem),
    pem,
    keyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}
