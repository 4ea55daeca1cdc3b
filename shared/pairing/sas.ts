/**
 * The short authentication string both screens show (docs/pairing.md §4): six decimal digits
 * from HMAC-SHA256(key = handshake hash h, "yakker-pair sas v1"), first 4 bytes big-endian,
 * modulo 10^6. Shown as "123 456".
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes, utf8 } from './bytes';

const SAS_LABEL = 'yakker-pair sas v1';

export function deriveSas(handshakeHash: Uint8Array): string {
  const mac = hmac(sha256, handshakeHash, utf8(SAS_LABEL));
  const value =
    (((mac[0] ?? 0) << 24) | ((mac[1] ?? 0) << 16) | ((mac[2] ?? 0) << 8) | (mac[3] ?? 0)) >>> 0;
  return String(value % 1_000_000).padStart(6, '0');
}

export function formatSas(sas: string): string {
  return `${sas.slice(0, 3)} ${sas.slice(3)}`;
}

/** Compare what the user typed (spaces and dashes ignored) with our SAS, in constant time. */
export function sasMatches(sas: string, typed: string): boolean {
  const digits = typed.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) && equalBytes(utf8(digits), utf8(sas));
}
