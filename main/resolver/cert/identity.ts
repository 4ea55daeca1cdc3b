import { YakkerError } from '../../../shared/contract/result';
import { normaliseE164 } from '../enum/e164';
import { parseSipUri } from '../locate/sip-uri';

/** A Yakker identity: an E.164 number or a SIP address-of-record (wire-profile.md). */
export type Identity = { kind: 'tel'; e164: string } | { kind: 'sip'; uri: string };

/**
 * Parses `tel:+15550100`, `+1 555 0100`, `0044…`, a national number (with a default country),
 * `sip:alice@example.org`, `sips:…` or `alice@example.org`.
 */
export function parseIdentity(text: string, defaultCountry?: string): Identity {
  const trimmed = text.trim();
  if (/^sips?:/i.test(trimmed) || /^[^@\s]+@[^@\s]+$/.test(trimmed)) {
    const uri = /^sips?:/i.test(trimmed) ? trimmed : `sip:${trimmed}`;
    const parsed = parseSipUri(uri);
    if (parsed.user === undefined)
      throw new YakkerError('bad-input', `a SIP identity needs a user part: ${text}`);
    return { kind: 'sip', uri: `${parsed.scheme}:${parsed.user}@${parsed.host}` };
  }
  return {
    kind: 'tel',
    e164: normaliseE164(trimmed, defaultCountry === undefined ? {} : { defaultCountry }),
  };
}
