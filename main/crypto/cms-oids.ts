/** Object identifiers used by our CMS code (RFC 5652, 5753, 3565, 5480, 8018). */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  aes128Wrap: '2.16.840.1.101.3.4.1.5',
  aes192Wrap: '2.16.840.1.101.3.4.1.25',
  aes256Wrap: '2.16.840.1.101.3.4.1.45',
  ecdhSha1Kdf: '1.3.133.16.840.63.0.2',
  ecdhSha224Kdf: '1.3.132.1.11.0',
  ecdhSha256Kdf: '1.3.132.1.11.1',
  ecdhSha384Kdf: '1.3.132.1.11.2',
  ecdhSha512Kdf: '1.3.132.1.11.3',
} as const;

export const HASH_BY_OID: Readonly<Record<string, string>> = {
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

/** dhSinglePass-stdDH-*kdf-scheme → the X9.63 KDF hash. */
export const KDF_HASH_BY_OID: Readonly<Record<string, string>> = {
  [OID.ecdhSha1Kdf]: 'sha1',
  [OID.ecdhSha224Kdf]: 'sha224',
  [OID.ecdhSha256Kdf]: 'sha256',
  [OID.ecdhSha384Kdf]: 'sha384',
  [OID.ecdhSha512Kdf]: 'sha512',
};

/** AES key wrap OID → [Node cipher name, key length in bytes]. */
export const WRAP_BY_OID: Readonly<Record<string, readonly [string, number]>> = {
  [OID.aes128Wrap]: ['id-aes128-wrap', 16],
  [OID.aes192Wrap]: ['id-aes192-wrap', 24],
  [OID.aes256Wrap]: ['id-aes256-wrap', 32],
};

/** Content encryption OID → [Node cipher name, key length in bytes]. */
export const CONTENT_CIPHER_BY_OID: Readonly<Record<string, readonly [string, number]>> = {
  [OID.aes128Cbc]: ['aes-128-cbc', 16],
  [OID.aes192Cbc]: ['aes-192-cbc', 24],
  [OID.aes256Cbc]: ['aes-256-cbc', 32],
};
