import { YakkerError } from '../../shared/contract/result';

/** `+` and 2..15 digits, first digit not 0 (E.164). */
export function checkTel(tel: string): string {
  const trimmed = tel.trim();
  if (!/^\+[1-9]\d{1,14}$/.test(trimmed)) {
    throw new YakkerError('bad-input', `not an E.164 number: ${tel} (expected e.g. +15550100)`);
  }
  return trimmed;
}

/** A SIP address-of-record: `sip:user@domain` (or sips:), no parameters. */
export function checkSip(sip: string): string {
  const trimmed = sip.trim();
  if (!/^sips?:[^@\s;?<>]+@[A-Za-z0-9.-]+(:\d+)?$/.test(trimmed)) {
    throw new YakkerError(
      'bad-input',
      `not a SIP address: ${sip} (expected e.g. sip:alice@example.org)`,
    );
  }
  return trimmed;
}

/** The identity URIs a certificate's SAN carries, split into tel number and SIP URI. */
export function splitIdentityUris(uris: readonly string[]): { tel?: string; sip?: string } {
  const tel = uris.find((u) => /^tel:\+\d+$/.test(u))?.slice(4);
  const sip = uris.find((u) => /^sips?:/.test(u));
  return { ...(tel ? { tel } : {}), ...(sip ? { sip } : {}) };
}
