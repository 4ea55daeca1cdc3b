import { YakkerError } from '../../shared/contract/result';

/**
 * A chat peer as Yakker keys its history: an E.164 number (`+15550101`) when the address is a
 * number, else the SIP address-of-record `sip:user@host` (lower-case host, no parameters).
 * `identity` is the URI the peer's certificate names and its CPIM From carries
 * (`tel:+15550101` or the `sip:` AOR).
 */
export interface PeerAddress {
  key: string;
  identity: string;
}

const E164 = /^\+[1-9]\d{5,14}$/;

/** From user input or the contract: `+1 555 0101`, `tel:+15550101`, `sip:bob@b.test`, `bob@b.test`. */
export function parsePeer(text: string): PeerAddress {
  const trimmed = text.trim().replace(/^<(.*)>$/, '$1');
  if (/^tel:/i.test(trimmed)) return fromNumber(trimmed.slice(4), text);
  if (/^\+?[\d\s().-]+$/.test(trimmed)) return fromNumber(trimmed, text);
  return fromSipUri(/^sips?:/i.test(trimmed) ? trimmed : `sip:${trimmed}`, text);
}

/**
 * The peer a SIP From URI names: `sip:+15550100@a.provider.test;user=phone` is the number
 * +15550100 (Yakker AORs are numbers at a provider), `sip:carol@b.test` is itself.
 */
export function peerFromSipUri(uri: string): PeerAddress {
  return fromSipUri(uri.trim().replace(/^<(.*)>$/, '$1'), uri);
}

function fromNumber(raw: string, original: string): PeerAddress {
  const digits = raw.replace(/[\s().-]/g, '');
  if (!E164.test(digits))
    throw new YakkerError('bad-input', `not a phone number in international format: ${original}`);
  return { key: digits, identity: `tel:${digits}` };
}

function fromSipUri(uri: string, original: string): PeerAddress {
  const match = /^(sips?):([^@;?>\s]+)@([^;?>\s:]+|\[[0-9a-f:.]+\])(?::\d+)?(?:[;?].*)?$/i.exec(
    uri,
  );
  if (!match) throw new YakkerError('bad-input', `not a SIP address: ${original}`);
  const user = decodeURIComponent(match[2] ?? '');
  if (E164.test(user)) return { key: user, identity: `tel:${user}` };
  const aor = `sip:${user}@${(match[3] ?? '').toLowerCase()}`;
  return { key: aor, identity: aor };
}
