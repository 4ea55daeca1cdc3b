import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { YakkerError } from '../../shared/contract/result';
import { checkSip, checkTel } from './identity-uri';
import {
  FEATURES_BY_KEY_TYPE,
  type IdentityIndex,
  type IdentityRecord,
  type IdentitySummary,
  type StoredCredential,
} from './identity-types';

/** Helpers over the identity index records (pure; no keychain access). */

export function checkNames(tel: string | undefined, sip: string | undefined) {
  if (!tel && !sip)
    throw new YakkerError(
      'bad-input',
      'give a number (--tel +15550100) and/or a SIP URI (--sip sip:alice@example.org)',
    );
  return { tel: tel ? checkTel(tel) : undefined, sip: sip ? checkSip(sip) : undefined };
}

export function newKeyAccount(): string {
  return `identity-key:${randomBytes(8).toString('hex')}`;
}

export function credentialOf(pem: string, keyAccount: string): StoredCredential {
  const cert = new X509Certificate(pem);
  return {
    certificatePem: cert.toString(),
    keyAccount,
    fingerprint: createHash('sha256').update(cert.raw).digest('hex'),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
  };
}

export function findIdentity(index: IdentityIndex, ref: string): IdentityRecord {
  const r = ref.trim();
  const match =
    index.identities.find((i) => i.id === r) ??
    index.identities.find((i) => i.tel === r || i.sip === r || `tel:${i.tel ?? ''}` === r) ??
    index.identities.find((i) => i.name === r);
  if (!match)
    throw new YakkerError('identity-not-found', `no identity ${ref} (see yakker keys list)`);
  return match;
}

export function replaceIdentity(index: IdentityIndex, record: IdentityRecord): IdentityIndex {
  return { ...index, identities: index.identities.map((i) => (i.id === record.id ? record : i)) };
}

export function summarise(record: IdentityRecord): IdentitySummary {
  const certificates = record.credentials.map((c) => ({
    fingerprint: c.fingerprint,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    pem: c.certificatePem,
  }));
  const current = certificates[certificates.length - 1];
  if (!current) throw new YakkerError('storage-failed', 'identity has no certificate');
  return {
    id: record.id,
    name: record.name,
    tel: record.tel ?? null,
    sip: record.sip ?? null,
    keyType: record.keyType,
    features: FEATURES_BY_KEY_TYPE[record.keyType],
    createdAt: record.createdAt,
    certificates,
    current,
  };
}
