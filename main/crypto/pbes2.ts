import * as asn1js from 'asn1js';
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { YakkerError } from '../../shared/contract/result';
import { asn1As, octets, toArrayBuffer } from './der';

/** PBES2 (RFC 8018) with PBKDF2. What we write: HMAC-SHA256, AES-256-CBC. */
const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const PRF_BY_OID: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const CIPHER_BY_OID: Readonly<Record<string, readonly [string, number]>> = {
  '2.16.840.1.101.3.4.1.2': ['aes-128-cbc', 16],
  '2.16.840.1.101.3.4.1.22': ['aes-192-cbc', 24],
  '2.16.840.1.101.3.4.1.42': ['aes-256-cbc', 32],
  '1.2.840.113549.3.7': ['des-ede3-cbc', 24],
};
/** PBKDF2 iterations for exports: slow enough to hurt guessing, fast enough to open (~0.2 s). */
export const EXPORT_ITERATIONS = 200_000;

/** Encrypts with PBES2; returns the AlgorithmIdentifier and the ciphertext. */
export function pbes2Encrypt(
  plaintext: Uint8Array,
  password: string,
  iterations = EXPORT_ITERATIONS,
): { algorithm: asn1js.Sequence; ciphertext: Buffer } {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const algorithm = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: PBES2 }),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.ObjectIdentifier({ value: PBKDF2 }),
              new asn1js.Sequence({
                value: [
                  new asn1js.OctetString({ valueHex: toArrayBuffer(salt) }),
                  new asn1js.Integer({ value: iterations }),
                  new asn1js.Sequence({
                    value: [
                      new asn1js.ObjectIdentifier({ value: '1.2.840.113549.2.9' }),
                      new asn1js.Null(),
                    ],
                  }),
                ],
              }),
            ],
          }),
          new asn1js.Sequence({
            value: [
              new asn1js.ObjectIdentifier({ value: '2.16.840.1.101.3.4.1.42' }),
              new asn1js.OctetString({ valueHex: toArrayBuffer(iv) }),
            ],
          }),
        ],
      }),
    ],
  });
  return { algorithm, ciphertext };
}

/**
 * Decrypts PBES2 content given its AlgorithmIdentifier. Throws key-unsupported for other
 * schemes (legacy PKCS#12 RC2/3DES) and bad-password when the padding does not check out.
 */
export function pbes2Decrypt(
  algorithm: asn1js.Sequence,
  ciphertext: Uint8Array,
  password: string,
): Buffer {
  const [oid, params] = algorithm.valueBlock.value;
  if (!(oid instanceof asn1js.ObjectIdentifier) || oid.valueBlock.toString() !== PBES2) {
    throw new YakkerError(
      'key-unsupported',
      'legacy PKCS#12 encryption (RC2/3DES); re-export the file with OpenSSL 3 defaults (PBES2/AES)',
    );
  }
  try {
    const items = (n: unknown) => asn1As(n, asn1js.Sequence, 'bad-input', 'PBES2').valueBlock.value;
    const oidOf = (n: unknown) =>
      asn1As(n, asn1js.ObjectIdentifier, 'bad-input', 'PBES2').valueBlock.toString();
    const [kdf, scheme] = items(params);
    const [salt, iter, ...rest] = items(items(kdf)[1]);
    const prfSeq = rest.find((v) => v instanceof asn1js.Sequence);
    const prfOid = prfSeq ? oidOf(items(prfSeq)[0]) : '1.2.840.113549.2.7';
    const [cipherOid, ivValue] = items(scheme);
    const cipher = CIPHER_BY_OID[oidOf(cipherOid)];
    const prf = PRF_BY_OID[prfOid];
    if (!cipher || !prf) throw new Error('unsupported PBES2 cipher or PRF');
    const key = pbkdf2Sync(
      Buffer.from(password, 'utf8'),
      octets(asn1As(salt, asn1js.OctetString, 'bad-input', 'PBES2')),
      asn1As(iter, asn1js.Integer, 'bad-input', 'PBES2').valueBlock.valueDec,
      cipher[1],
      prf,
    );
    const iv = octets(asn1As(ivValue, asn1js.OctetString, 'bad-input', 'PBES2'));
    const decipher = createDecipheriv(cipher[0], key, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (error) {
    throw new YakkerError('bad-password', 'could not decrypt: wrong password or damaged file', {
      cause: error,
    });
  }
}
