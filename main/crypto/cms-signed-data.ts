import * as asn1js from 'asn1js';
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import * as pkijs from 'pkijs';
import { YakkerError } from '../../shared/contract/result';
import { HASH_BY_OID, OID } from './cms-oids';
import {
  algorithm,
  explicit,
  octetString,
  oid,
  seq,
  setOf,
  smallInteger,
  time,
} from './der-writer';
import {
  issuerAndSerialDer,
  matchesIssuerSerial,
  octets,
  parseAsn1,
  subjectKeyId,
  type ParsedCertificate,
} from './der';

/**
 * CMS SignedData (RFC 5652) with one signer: ECDSA P-256 with SHA-256, encapsulated content
 * (not detached), signed attributes contentType, signingTime and messageDigest, the signer's
 * certificate included. Attributes are DER-sorted so that OpenSSL, which re-encodes them when
 * verifying, computes the same bytes.
 */
export function createSignedData(
  content: Uint8Array,
  signer: { key: KeyObject; certificate: ParsedCertificate },
  signingTime: Date,
): Buffer {
  const digest = createHash('sha256').update(content).digest();
  const attributes = [
    seq(oid(OID.contentType), setOf(oid(OID.data))),
    seq(oid(OID.signingTime), setOf(time(signingTime))),
    seq(oid(OID.messageDigest), setOf(octetString(digest))),
  ];
  // The signature covers the attributes as a DER SET OF (sorted); they travel as [0] IMPLICIT.
  const signedAttrsSet = setOf(...attributes);
  const signature = sign('sha256', signedAttrsSet, signer.key);
  const signerInfo = seq(
    smallInteger(1),
    issuerAndSerialDer(signer.certificate),
    algorithm(OID.sha256),
    Buffer.concat([Buffer.from([0xa0]), signedAttrsSet.subarray(1)]),
    algorithm(OID.ecdsaWithSha256),
    octetString(signature),
  );
  const signedData = seq(
    smallInteger(1),
    setOf(algorithm(OID.sha256)),
    seq(oid(OID.data), explicit(0, octetString(content))),
    explicit(0, signer.certificate.der), // certificates [0] IMPLICIT SET OF Certificate
    setOf(signerInfo),
  );
  return seq(oid(OID.signedData), explicit(0, signedData));
}

export interface VerifiedContent {
  content: Buffer;
  signingTime: Date | null;
}

/**
 * Verifies a CMS SignedData against the certificate the caller expects (never against one the
 * message carries). Errors: crypto-malformed (not SignedData), crypto-sender-mismatch (signed
 * by someone else), crypto-signature-invalid (digest or signature wrong).
 */
export function verifySignedData(der: Uint8Array, sender: ParsedCertificate): VerifiedContent {
  const signedData = parseSignedData(der);
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) throw new YakkerError('crypto-malformed', 'signed message has no content');
  const content = octets(eContent);
  const signerInfo = signedData.signerInfos.find((info) => signerMatches(info, sender));
  if (!signerInfo) {
    throw new YakkerError(
      'crypto-sender-mismatch',
      'the message was not signed by the claimed sender certificate',
    );
  }
  const hashName = HASH_BY_OID[signerInfo.digestAlgorithm.algorithmId];
  const attrs = signerInfo.signedAttrs;
  if (!hashName || !attrs) {
    throw new YakkerError('crypto-signature-invalid', 'unsupported digest or no signed attributes');
  }
  const digestAttr: unknown = attrs.attributes.find((a) => a.type === OID.messageDigest)?.values[0];
  const expected = createHash(hashName).update(content).digest();
  if (!(digestAttr instanceof asn1js.OctetString) || !octets(digestAttr).equals(expected)) {
    throw new YakkerError('crypto-signature-invalid', 'message digest does not match the content');
  }
  const ok = safeVerify(hashName, Buffer.from(attrs.encodedValue), sender, signerInfo);
  if (!ok) throw new YakkerError('crypto-signature-invalid', 'the signature does not verify');
  const timeAttr: unknown = attrs.attributes.find((a) => a.type === OID.signingTime)?.values[0];
  const signingTime =
    timeAttr instanceof asn1js.UTCTime || timeAttr instanceof asn1js.GeneralizedTime
      ? timeAttr.toDate()
      : null;
  return { content, signingTime };
}

function parseSignedData(der: Uint8Array): pkijs.SignedData {
  const asn1 = parseAsn1(der, 'crypto-malformed', 'signed message');
  try {
    const info = new pkijs.ContentInfo({ schema: asn1 });
    if (info.contentType !== OID.signedData) throw new Error('not SignedData');
    return new pkijs.SignedData({ schema: info.content as asn1js.Sequence });
  } catch (error) {
    throw new YakkerError('crypto-malformed', 'not a CMS SignedData structure', { cause: error });
  }
}

function signerMatches(info: pkijs.SignerInfo, cert: ParsedCertificate): boolean {
  if (info.sid instanceof pkijs.IssuerAndSerialNumber) return matchesIssuerSerial(cert, info.sid);
  const ski = subjectKeyId(cert);
  return (
    ski !== null &&
    info.sid instanceof asn1js.Primitive &&
    ski.equals(Buffer.from(info.sid.valueBlock.valueHexView))
  );
}

function safeVerify(
  hashName: string,
  data: Buffer,
  cert: ParsedCertificate,
  info: pkijs.SignerInfo,
): boolean {
  try {
    return verify(hashName, data, cert.node.publicKey, octets(info.signature));
  } catch {
    return false;
  }
}
