import { YakkerError } from '../../shared/contract/result';
import { parseSipUri } from '../resolver/locate/sip-uri';

/**
 * The identity a SIP address stands for (wire profile, "Identities and keys"): a user part that
 * is an E.164 number (`sip:+15550100@a.provider.test`, with or without `user=phone`) is that
 * number, `tel:+15550100`; anything else is the address of record `sip:user@host`.
 */
export function identityOfUri(uri: string): string {
  const parsed = parseSipUri(uri);
  if (parsed.user === undefined)
    throw new YakkerError('bad-input', `a SIP address needs a user part: ${uri}`);
  const user = parsed.user.split(';')[0] ?? '';
  if (/^\+\d{2,15}$/.test(user)) return `tel:${user}`;
  return `sip:${user}@${parsed.host}`;
}

/** The address of record of a URI: `sip:user@host`, no port, no parameters. */
export function aorOf(uri: string): string {
  const parsed = parseSipUri(uri);
  if (parsed.user === undefined)
    throw new YakkerError('bad-input', `a SIP address needs a user part: ${uri}`);
  return `sip:${parsed.user}@${parsed.host}`;
}

/**
 * The URI inside a From/To/Contact header value: `"Alice" <sip:a@b>;tag=1` → `sip:a@b`;
 * `sip:a@b;tag=1` (addr-spec form: parameters after the URI belong to the header) → `sip:a@b`.
 */
export function uriOfNameAddr(value: string): string {
  const angle = /<([^>]*)>/.exec(value);
  if (angle) return (angle[1] ?? '').trim();
  return (value.trim().split(';')[0] ?? '').trim();
}

/** The `tag` parameter of a From/To header value, if any. */
export function tagOf(value: string): string | null {
  const afterUri = value.includes('>') ? value.slice(value.lastIndexOf('>') + 1) : value;
  const match = /;\s*tag=([^;\s]+)/i.exec(afterUri);
  return match ? (match[1] ?? null) : null;
}
