import type { SdpFingerprint } from './sdp-fingerprint';

/** An identity in a PASSporT (RFC 8225 §5.2.1): a telephone number (digits) or a URI. */
export type PassportIdentity = { tn: string } | { uri: string };

export interface PassportClaims {
  orig: PassportIdentity;
  dest: { tn?: string[]; uri?: string[] };
  iat: number;
  mky?: SdpFingerprint[];
}

/**
 * The PASSporT identity for a Yakker identity URI: `tel:+15550100` → `{tn: "15550100"}` (RFC 8225
 * §5.2.1: digits only, no `+`); a SIP URI → `{uri}`.
 */
export function passportIdentity(identity: string): PassportIdentity {
  const tel = /^(?:tel:)?\+?(\d{2,15})$/.exec(identity);
  return tel ? { tn: tel[1] ?? '' } : { uri: identity };
}

/**
 * RFC 8225 §9 deterministic JSON: keys sorted lexicographically, no whitespace, strings as
 * JSON.stringify writes them. Arrays keep their order (mky is sorted before).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
