import * as asn1js from 'asn1js';
import {
  createHash,
  createHmac,
  createPrivateKey,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { YakkerError } from '../../shared/contract/result';
import { asn1As, octets, parseAsn1, toArrayBuffer } from './der';
import { EXPORT_ITERATIONS, pbes2Decrypt, pbes2Encrypt } from './pbes2';

/**
 * PKCS#12 (RFC 7292) as `openssl pkcs12` (OpenSSL 3) reads and writes it. We write: the key in
 * a pkcs8ShroudedKeyBag (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC), the certificates in a plain
 * certBag SafeContents (they are public), and an HMAC-SHA256 MAC over the AuthenticatedSafe.
 */
const OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
  friendlyName: '1.2.840.113549.1.9.20',
  sha256: '2.16.840.1.101.3.4.2.1',
};
const MAC_HASH_BY_OID: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const seq = (...value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const octetString = (bytes: Uint8Array) =>
  new asn1js.OctetString({ valueHex: toArrayBuffer(bytes) });
const explicit0 = (inner: asn1js.AsnType) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [inner] });

export function exportPkcs12(
  key: KeyObject,
  certificates: readonly Buffer[],
  password: string,
  friendlyName: string,
): Buffer {
  const localKeyId = createHash('sha1')
    .update(certificates[certificates.length - 1] ?? Buffer.alloc(0))
    .digest();
  const attrs = new asn1js.Set({
    value: [
      seq(
        oid(OIDS.friendlyName),
        new asn1js.Set({ value: [new asn1js.BmpString({ value: friendlyName })] }),
      ),
      seq(oid(OIDS.localKeyId), new asn1js.Set({ value: [octetString(localKeyId)] })),
    ],
  });
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  const { algorithm, ciphertext } = pbes2Encrypt(pkcs8, password);
  const keyBag = seq(
    oid(OIDS.shroudedKeyBag),
    explicit0(seq(algorithm, octetString(ciphertext))),
    attrs,
  );
  const certBags = certificates.map((der, i) =>
    seq(
      oid(OIDS.certBag),
      explicit0(seq(oid(OIDS.x509Certificate), explicit0(octetString(der)))),
      ...(i === certificates.length - 1
        ? [
            new asn1js.Set({
              value: [
                seq(oid(OIDS.localKeyId), new asn1js.Set({ value: [octetString(localKeyId)] })),
              ],
            }),
          ]
        : []),
    ),
  );
  const dataInfo = (content: asn1js.AsnType) =>
    seq(oid(OIDS.data), explicit0(octetString(Buffer.from(content.toBER(false)))));
  const authSafe = Buffer.from(seq(dataInfo(seq(...certBags)), dataInfo(seq(keyBag))).toBER(false));
  const salt = randomBytes(16);
  const mac = createHmac('sha256', pkcs12MacKey('sha256', password, salt, EXPORT_ITERATIONS))
    .update(authSafe)
    .digest();
  const pfx = seq(
    new asn1js.Integer({ value: 3 }),
    seq(oid(OIDS.data), explicit0(octetString(authSafe))),
    seq(
      seq(seq(oid(OIDS.sha256), new asn1js.Null()), octetString(mac)),
      octetString(salt),
      new asn1js.Integer({ value: EXPORT_ITERATIONS }),
    ),
  );
  return Buffer.from(pfx.toBER(false));
}

/** The MAC key (RFC 7292 B.2, ID 3) for n = hash length, password as BMPString + NUL. */
function pkcs12MacKey(hash: string, password: string, salt: Buffer, iterations: number): Buffer {
  const v = hash === 'sha384' || hash === 'sha512' ? 128 : 64;
  const pw = Buffer.alloc((password.length + 1) * 2);
  for (let i = 0; i < password.length; i++) pw.writeUInt16BE(password.charCodeAt(i), i * 2);
  const fill = (b: Buffer) =>
    b.length === 0 ? Buffer.alloc(0) : Buffer.alloc(v * Math.ceil(b.length / v), b);
  let a = Buffer.concat([Buffer.alloc(v, 3), fill(salt), fill(pw)]);
  for (let i = 0; i < iterations; i++) a = createHash(hash).update(a).digest();
  return a;
}

export interface Pkcs12Contents {
  key: KeyObject;
  certificates: Buffer[];
}

/** Reads a PKCS#12 file: checks the MAC (bad-password), then finds the key and certificates. */
export function importPkcs12(bytes: Uint8Array, password: string): Pkcs12Contents {
  const [, authInfo, macData] = items(parseAsn1(bytes, 'bad-input', 'PKCS#12 file'));
  if (!authInfo || !macData) throw malformed('no MAC (unprotected files are refused)');
  const authSafe = octetsOf(explicitInner(authInfo));
  const [digestInfo, saltValue, iterValue] = items(macData);
  const [macAlg, macValue] = items(digestInfo);
  const hash = MAC_HASH_BY_OID[oidOf(items(macAlg)[0])];
  if (!hash) throw new YakkerError('key-unsupported', 'PKCS#12 MAC algorithm not supported');
  const iterations = iterValue instanceof asn1js.Integer ? iterValue.valueBlock.valueDec : 1;
  const macKey = pkcs12MacKey(hash, password, octetsOf(saltValue), iterations);
  const expected = createHmac(hash, macKey).update(authSafe).digest();
  const actual = octetsOf(macValue);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new YakkerError(
      'bad-password',
      'wrong password for this PKCS#12 file (MAC check failed)',
    );
  }
  let key: KeyObject | null = null;
  const certificates: Buffer[] = [];
  for (const info of items(parseAsn1(authSafe, 'bad-input', 'PKCS#12 content'))) {
    for (const bag of safeBags(info, password)) {
      const [bagId, bagValue] = items(bag);
      const id = oidOf(bagId);
      const value = explicitInner(bagValue);
      if (id === OIDS.shroudedKeyBag && !key) {
        key = decryptKey(Buffer.from(value.toBER(false)), password);
      } else if (id === OIDS.keyBag && !key) {
        key = createPrivateKey({
          key: Buffer.from(value.toBER(false)),
          format: 'der',
          type: 'pkcs8',
        });
      } else if (id === OIDS.certBag) {
        certificates.push(octetsOf(explicitInner(items(value)[1])));
      }
    }
  }
  if (!key) throw malformed('it holds no private key');
  return { key, certificates };
}

function safeBags(info: asn1js.AsnType, password: string): asn1js.AsnType[] {
  const type = oidOf(items(info)[0]);
  let der: Buffer;
  if (type === OIDS.data) {
    der = octetsOf(explicitInner(info));
  } else if (type === OIDS.encryptedData) {
    const [, alg, content] = items(items(explicitInner(info))[1]);
    der = pbes2Decrypt(
      asn1As(alg, asn1js.Sequence, 'bad-input', 'PKCS#12'),
      implicitOctets(content),
      password,
    );
  } else {
    return [];
  }
  return items(parseAsn1(der, 'bad-input', 'PKCS#12 SafeContents'));
}

function decryptKey(encryptedPkcs8: Buffer, password: string): KeyObject {
  try {
    return createPrivateKey({
      key: encryptedPkcs8,
      format: 'der',
      type: 'pkcs8',
      passphrase: password,
    });
  } catch (error) {
    throw new YakkerError('bad-password', 'could not decrypt the private key in the PKCS#12 file', {
      cause: error,
    });
  }
}

function malformed(why: string): YakkerError {
  return new YakkerError('bad-input', `not a usable PKCS#12 file: ${why}`);
}

/** The elements of a SEQUENCE (or SET / constructed node). */
function items(node: unknown): asn1js.AsnType[] {
  if (
    node instanceof asn1js.Constructed ||
    node instanceof asn1js.Sequence ||
    node instanceof asn1js.Set
  ) {
    return node.valueBlock.value;
  }
  throw malformed('unexpected structure');
}

function oidOf(node: unknown): string {
  return asn1As(node, asn1js.ObjectIdentifier, 'bad-input', 'PKCS#12').valueBlock.toString();
}

function octetsOf(node: unknown): Buffer {
  return octets(asn1As(node, asn1js.OctetString, 'bad-input', 'PKCS#12'));
}

/** The element inside an [0] EXPLICIT wrapper (for a SEQUENCE: inside its second element). */
function explicitInner(node: unknown): asn1js.AsnType {
  const holder = node instanceof asn1js.Sequence ? node.valueBlock.value[1] : node;
  const inner = items(holder)[0];
  if (!inner) throw malformed('unexpected structure');
  return inner;
}

/** Bytes of an [0] IMPLICIT OCTET STRING, primitive or constructed. */
function implicitOctets(node: unknown): Buffer {
  if (node instanceof asn1js.Constructed) {
    return Buffer.concat(node.valueBlock.value.map((part) => implicitOctets(part)));
  }
  if (node instanceof asn1js.Primitive) return Buffer.from(node.valueBlock.valueHexView);
  throw malformed('no encrypted content');
}
