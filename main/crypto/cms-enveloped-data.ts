import * as asn1js from 'asn1js';
import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import * as pkijs from 'pkijs';
import { YakkerError } from '../../shared/contract/result';
import { CONTENT_CIPHER_BY_OID, KDF_HASH_BY_OID, OID, WRAP_BY_OID } from './cms-oids';
import {
  algorithm,
  explicit,
  implicitPrimitive,
  octetString,
  oid,
  seq,
  setOf,
  smallInteger,
  tlv,
} from './der-writer';
import {
  issuerAndSerialDer,
  matchesIssuerSerial,
  octets,
  parseAsn1,
  subjectKeyId,
  type ParsedCertificate,
} from './der';
import { eccCmsSharedInfo, x963Kdf } from './ecdh-kdf';

const AES_KW_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

/**
 * CMS EnvelopedData (RFC 5652) to P-256 certificates by ECDH key agreement (RFC 5753):
 * one ephemeral-static KeyAgreeRecipientInfo per recipient, dhSinglePass-stdDH-sha256kdf-scheme,
 * AES-256 key wrap, content AES-256-CBC. `openssl cms -decrypt` reads it and
 * `openssl cms -encrypt -aes256` writes it.
 */
export function createEnvelopedData(
  content: Uint8Array,
  recipients: readonly ParsedCertificate[],
): Buffer {
  if (recipients.length === 0) throw new YakkerError('bad-input', 'no recipient certificates');
  const cek = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', cek, iv);
  const encrypted = Buffer.concat([cipher.update(content), cipher.final()]);
  const envelope = seq(
    smallInteger(2),
    setOf(...recipients.map((r) => keyAgreeFor(r, cek))),
    seq(oid(OID.data), algorithm(OID.aes256Cbc, octetString(iv)), implicitPrimitive(0, encrypted)),
  );
  return seq(oid(OID.envelopedData), explicit(0, envelope));
}

/** RecipientInfo kari ([1] IMPLICIT KeyAgreeRecipientInfo, version 3, no ukm). */
function keyAgreeFor(recipient: ParsedCertificate, cek: Buffer): Buffer {
  const publicKey = recipient.node.publicKey;
  if (
    publicKey.asymmetricKeyType !== 'ec' ||
    publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
  ) {
    throw new YakkerError('key-unsupported', 'recipient certificates must hold a P-256 key');
  }
  const ephemeral = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const z = diffieHellman({ privateKey: ephemeral.privateKey, publicKey });
  const kek = x963Kdf('sha256', z, eccCmsSharedInfo(OID.aes256Wrap, 32, null), 32);
  const wrapper = createCipheriv('id-aes256-wrap', kek, AES_KW_IV);
  const wrapped = Buffer.concat([wrapper.update(cek), wrapper.final()]);
  // OriginatorPublicKey has the SubjectPublicKeyInfo's fields under [1] IMPLICIT.
  const spki = ephemeral.publicKey.export({ format: 'der', type: 'spki' });
  const originatorKey = Buffer.concat([Buffer.from([0xa1]), spki.subarray(1)]);
  return tlv(
    0xa1,
    smallInteger(3),
    explicit(0, originatorKey),
    algorithm(OID.ecdhSha256Kdf, algorithm(OID.aes256Wrap)),
    seq(seq(issuerAndSerialDer(recipient), octetString(wrapped))),
  );
}

/** One of our own certificates with its private key, to decrypt with. */
export interface DecryptionCredential {
  certificate: ParsedCertificate;
  key: KeyObject;
}

/**
 * Decrypts an EnvelopedData addressed to one of `credentials` (ECDH key agreement, any
 * X9.63 KDF hash OpenSSL uses, AES key wrap, AES-CBC). Errors: crypto-malformed,
 * crypto-not-recipient, crypto-decrypt-failed.
 */
export function openEnvelopedData(
  der: Uint8Array,
  credentials: readonly DecryptionCredential[],
): Buffer {
  const envelope = parseEnvelope(der);
  for (const info of envelope.recipientInfos) {
    if (info.variant !== 2) continue;
    const kari = info.value as pkijs.KeyAgreeRecipientInfo;
    for (const rek of kari.recipientEncryptedKeys.encryptedKeys) {
      const mine = credentials.find((c) => ridMatches(rek.rid, c.certificate));
      if (mine) return decryptFor(envelope, kari, rek, mine);
    }
  }
  throw new YakkerError(
    'crypto-not-recipient',
    'the message is not encrypted to any certificate of this identity',
  );
}

function parseEnvelope(der: Uint8Array): pkijs.EnvelopedData {
  const asn1 = parseAsn1(der, 'crypto-malformed', 'encrypted message');
  try {
    const info = new pkijs.ContentInfo({ schema: asn1 });
    if (info.contentType !== OID.envelopedData) throw new Error('not EnvelopedData');
    return new pkijs.EnvelopedData({ schema: info.content as asn1js.Sequence });
  } catch (error) {
    throw new YakkerError('crypto-malformed', 'not a CMS EnvelopedData structure', {
      cause: error,
    });
  }
}

function ridMatches(rid: pkijs.KeyAgreeRecipientIdentifier, cert: ParsedCertificate): boolean {
  if (rid.variant === 1) return matchesIssuerSerial(cert, rid.value as pkijs.IssuerAndSerialNumber);
  const ski = subjectKeyId(cert);
  const keyId = (rid.value as pkijs.RecipientKeyIdentifier).subjectKeyIdentifier;
  return ski !== null && ski.equals(octets(keyId));
}

function decryptFor(
  envelope: pkijs.EnvelopedData,
  kari: pkijs.KeyAgreeRecipientInfo,
  rek: pkijs.RecipientEncryptedKey,
  mine: DecryptionCredential,
): Buffer {
  const kdfHash = KDF_HASH_BY_OID[kari.keyEncryptionAlgorithm.algorithmId];
  const wrapAlg = new pkijs.AlgorithmIdentifier({
    schema: kari.keyEncryptionAlgorithm.algorithmParams,
  });
  const wrap = WRAP_BY_OID[wrapAlg.algorithmId];
  const contentAlg = envelope.encryptedContentInfo.contentEncryptionAlgorithm;
  const contentCipher = CONTENT_CIPHER_BY_OID[contentAlg.algorithmId];
  if (!kdfHash || !wrap || !contentCipher || kari.originator.variant !== 3) {
    throw new YakkerError('crypto-malformed', 'unsupported key agreement or content algorithm');
  }
  try {
    const originator = kari.originator.value as pkijs.OriginatorPublicKey;
    const z = diffieHellman({ privateKey: mine.key, publicKey: originatorKey(originator) });
    const ukm = kari.ukm ? octets(kari.ukm) : null;
    const kek = x963Kdf(kdfHash, z, eccCmsSharedInfo(wrapAlg.algorithmId, wrap[1], ukm), wrap[1]);
    const unwrapper = createDecipheriv(wrap[0], kek, AES_KW_IV);
    const cek = Buffer.concat([unwrapper.update(octets(rek.encryptedKey)), unwrapper.final()]);
    const iv = octets(contentAlg.algorithmParams as asn1js.OctetString);
    const encrypted = envelope.encryptedContentInfo.encryptedContent;
    if (!encrypted) throw new Error('no encrypted content');
    const decipher = createDecipheriv(contentCipher[0], cek, iv);
    return Buffer.concat([decipher.update(octets(encrypted)), decipher.final()]);
  } catch (error) {
    throw new YakkerError(
      'crypto-decrypt-failed',
      'decryption failed: the message was altered or is not for this key',
      {
        cause: error,
      },
    );
  }
}

/** The originator's ephemeral key; curve parameters may be absent (RFC 5753 §7.1.1). */
function originatorKey(originator: pkijs.OriginatorPublicKey): KeyObject {
  const spki = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: OID.ecPublicKey }),
          new asn1js.ObjectIdentifier({ value: OID.p256 }),
        ],
      }),
      originator.publicKey,
    ],
  });
  return createPublicKey({ key: Buffer.from(spki.toBER(false)), format: 'der', type: 'spki' });
}
