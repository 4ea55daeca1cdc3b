import { createHash } from 'node:crypto';
import { YakkerError } from '../../../shared/contract/result';
import { enumDomain, normaliseE164 } from '../enum/e164';
import { parseSipUri } from '../locate/sip-uri';

/**
 * Owner names of the SMIMEA records that publish a user's certificate (docs/protocol.md):
 *
 * - E.164 identity (project convention): `_smimecert.<reversed digits>.<ENUM suffix>.`, the
 *   `_smimecert` label in front of the number's ENUM domain. `+15550100` under
 *   `e164.yakker.test` is `_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test.`
 * - SIP identity (RFC 8162 §3): `<hex of SHA-256(local-part), first 28 octets>._smimecert.<domain>.`
 *   `sip:hugh@example.com` is
 *   `c93f1e400f26708f98cb19d936620da35eec8f72e57f9eec01c1afd6._smimecert.example.com.`
 *
 * Both return absolute names with the trailing dot, ready for a zone file.
 */
export function smimeaOwnerForTel(e164: string, suffix = 'e164.arpa.'): string {
  const number = normaliseE164(e164);
  return `_smimecert.${enumDomain(number, suffix)}`;
}

/** See smimeaOwnerForTel. Accepts `sip:user@host`, `sips:user@host` and `user@host`. */
export function smimeaOwnerForSip(uri: string): string {
  const text = /^sips?:/i.test(uri.trim()) ? uri.trim() : `sip:${uri.trim()}`;
  const parsed = parseSipUri(text);
  if (parsed.user === undefined)
    throw new YakkerError('bad-input', `a SIP identity needs a user part: ${uri}`);
  return `${localPartHash(parsed.user)}._smimecert.${parsed.host}.`;
}

/**
 * RFC 8162 §3 steps 1-4: the local-part as UTF-8 (NFC-normalised, no case mapping: §4 forbids
 * mapping rules on the sending side), SHA-256, first 28 octets, lower-case hex.
 */
export function localPartHash(localPart: string): string {
  const unquoted = /^".*"$/.test(localPart)
    ? localPart.slice(1, -1).replace(/\\(.)/g, '$1')
    : localPart;
  return createHash('sha256')
    .update(Buffer.from(unquoted.normalize('NFC'), 'utf8'))
    .digest()
    .subarray(0, 28)
    .toString('hex');
}
