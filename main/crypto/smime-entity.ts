import { YakkerError } from '../../shared/contract/result';

export type SmimeType = 'enveloped-data' | 'signed-data';

/**
 * An application/pkcs7-mime entity (RFC 8551 §3.2): MIME headers and the DER in base64 with
 * CRLF line ends, which is what a SIP MESSAGE body carries (RFC 8591) and what
 * `openssl cms -inform SMIME` reads.
 */
export function formatSmimeEntity(der: Uint8Array, type: SmimeType): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 76) lines.push(base64.slice(i, i + 76));
  const b64 = lines.length ? `${lines.join('\r\n')}\r\n` : '';
  return (
    `MIME-Version: 1.0\r\n` +
    `Content-Type: application/pkcs7-mime; smime-type=${type}; name="smime.p7m"\r\n` +
    `Content-Transfer-Encoding: base64\r\n` +
    `Content-Disposition: attachment; filename="smime.p7m"\r\n\r\n${b64}`
  );
}

/** A MIME entity split into lower-cased headers and its body bytes. */
export interface MimeEntity {
  headers: Map<string, string>;
  body: Buffer;
}

/** Splits a MIME entity at the first empty line (CRLF or LF); unfolds header lines. */
export function parseMimeEntity(bytes: Uint8Array): MimeEntity | null {
  const buf = Buffer.from(bytes);
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  const cut = crlf !== -1 && (lf === -1 || crlf < lf) ? [crlf, 4] : lf !== -1 ? [lf, 2] : null;
  if (!cut) return null;
  const [at = 0, len = 0] = cut;
  const headerText = buf
    .subarray(0, at)
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of headerText.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /\s/.test(line.slice(0, colon))) return null;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: buf.subarray(at + len) };
}

/**
 * The DER inside an S/MIME entity, or inside raw DER / bare base64 input. Throws
 * crypto-malformed when it is none of these.
 */
export function extractCmsDer(bytes: Uint8Array): Buffer {
  const buf = Buffer.from(bytes);
  if (buf[0] === 0x30) return buf; // raw DER
  const entity = parseMimeEntity(buf);
  if (entity && /pkcs7-mime/i.test(entity.headers.get('content-type') ?? '')) {
    const cte = (entity.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
    return cte === 'base64' ? decodeBase64Strict(entity.body.toString('latin1')) : entity.body;
  }
  const text = buf.toString('latin1');
  if (/^[A-Za-z0-9+/=\s]+$/.test(text)) return decodeBase64Strict(text);
  throw new YakkerError('crypto-malformed', 'input is not an S/MIME entity, DER or base64 CMS');
}

function decodeBase64Strict(text: string): Buffer {
  const clean = text.replace(/\s+/g, '');
  if (clean.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) {
    throw new YakkerError('crypto-malformed', 'the S/MIME body is not valid base64');
  }
  return Buffer.from(clean, 'base64');
}
