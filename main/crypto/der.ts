import * as asn1js from 'asn1js';
import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { YakkerError } from '../../shared/contract/result';
import type { ErrorCode } from '../../shared/contract/errors';
import { seq } from './der-writer';

/** A standalone ArrayBuffer copy of some bytes (asn1js and pkijs want ArrayBuffers). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/** Parses DER/BER into an asn1js object, or throws YakkerError(code). */
export function parseAsn1(bytes: Uint8Array, code: ErrorCode, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(toArrayBuffer(bytes));
  if (parsed.offset === -1 || parsed.result.error) {
    throw new YakkerError(code, `${what} is not valid DER/BER`);
  }
  return parsed.result;
}

/** The bytes of an OCTET STRING, joining the chunks of a constructed (BER) one. */
export function octets(value: asn1js.OctetString): Buffer {
  if (value.idBlock.isConstructed) {
    return Buffer.concat(
      value.valueBlock.value.map((part) =>
        part instanceof asn1js.OctetString ? octets(part) : Buffer.alloc(0),
      ),
    );
  }
  return Buffer.from(value.valueBlock.valueHexView);
}

/** Narrows a parsed ASN.1 node to the expected class, or throws YakkerError(code). */
export function asn1As<T>(
  value: unknown,
  type: abstract new (...args: never[]) => T,
  code: ErrorCode,
  what: string,
): T {
  if (value instanceof type) return value;
  throw new YakkerError(code, `${what}: unexpected ASN.1 structure`);
}

/** A certificate in both forms we need: pkijs (for CMS fields) and Node (for keys and dates). */
export interface ParsedCertificate {
  der: Buffer;
  pkijs: pkijs.Certificate;
  node: X509Certificate;
}

/** Parses a DER or PEM certificate; throws certificate-invalid. */
export function parseCertificate(input: Uint8Array | string): ParsedCertificate {
  try {
    const node = new X509Certificate(input);
    const der = node.raw;
    return { der, node, pkijs: pkijs.Certificate.fromBER(toArrayBuffer(der)) };
  } catch (error) {
    throw new YakkerError('certificate-invalid', 'not a valid X.509 certificate', { cause: error });
  }
}

/** Every PEM block of a given label (e.g. CERTIFICATE) in a text, as DER. */
export function pemBlocks(text: string, label: string): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
}

export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

/** Throws certificate-expired (or not yet valid) unless `now` is inside the validity period. */
export function assertCertificateCurrent(cert: ParsedCertificate, now: Date, whose: string): void {
  const from = new Date(cert.node.validFrom);
  const to = new Date(cert.node.validTo);
  if (now < from || now > to) {
    throw new YakkerError(
      'certificate-expired',
      `${whose} certificate is not valid now (valid ${from.toISOString()} to ${to.toISOString()})`,
    );
  }
}

/** DER IssuerAndSerialNumber of a certificate, from its own encoding (no re-encoding). */
export function issuerAndSerialDer(cert: ParsedCertificate): Buffer {
  return seq(
    Buffer.from(cert.pkijs.issuer.valueBeforeDecode),
    Buffer.from(cert.pkijs.serialNumber.valueBeforeDecodeView),
  );
}

/** True when a CMS IssuerAndSerialNumber names this certificate. */
export function matchesIssuerSerial(
  cert: ParsedCertificate,
  issuerAndSerial: pkijs.IssuerAndSerialNumber,
): boolean {
  return (
    cert.pkijs.issuer.isEqual(issuerAndSerial.issuer) &&
    cert.pkijs.serialNumber.isEqual(issuerAndSerial.serialNumber)
  );
}

/** The certificate's subjectKeyIdentifier extension value, if any. */
export function subjectKeyId(cert: ParsedCertificate): Buffer | null {
  const ext = cert.pkijs.extensions?.find((e) => e.extnID === '2.5.29.14');
  if (!ext) return null;
  const inner = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  return inner.result instanceof asn1js.OctetString ? octets(inner.result) : null;
}
