/**
 * How a sealed message travels in a SIP MESSAGE (docs/protocol.md, "Messages"). RFC 8591 sends
 * the CMS as binary; JsSIP bodies are JavaScript strings and SIP has no Content-Transfer-Encoding
 * header of its own, so the body is the DER in base64 (76-character lines, CRLF), the same text
 * an S/MIME entity with `Content-Transfer-Encoding: base64` carries. The receiver also accepts
 * raw DER and a whole MIME entity (main/crypto/smime-entity.ts extractCmsDer).
 */
export const SMIME_CONTENT_TYPE =
  'application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m';

export function encodeWireBody(der: Uint8Array): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 76) lines.push(base64.slice(i, i + 76));
  return `${lines.join('\r\n')}\r\n`;
}

/** True for `application/pkcs7-mime` with smime-type enveloped-data (or none given). */
export function isSmimeContentType(value: string): boolean {
  const [type = '', ...params] = value.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/pkcs7-mime' && type !== 'application/x-pkcs7-mime') return false;
  const smimeType = params.find((p) => p.startsWith('smime-type='));
  return smimeType === undefined || smimeType.replace(/"/g, '') === 'smime-type=enveloped-data';
}
