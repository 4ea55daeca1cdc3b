/**
 * Every error that crosses a process boundary carries one of these codes. The renderer and the
 * CLI switch on the code, never on the message text. Add a code here (and a line in
 * docs/architecture.md) rather than reusing a vague one.
 */
export const ERROR_CODES = [
  // Contract and transport
  'bad-request', // the request did not match its schema
  'unknown-request', // no such request name
  'unauthorized', // bridge token or origin refused
  'internal', // a bug: a handler threw something unexpected
  'not-implemented', // the feature is specified but not built yet
  'unavailable', // a dependency (keychain, network, server) is not there
  'timeout',
  // DNS and DNSSEC
  'dns-bogus',
  'dns-indeterminate',
  'dns-nxdomain',
  'dns-servfail',
  // Keys and crypto
  'keychain-unavailable',
  'keychain-locked',
  'identity-not-found',
  'bad-password',
  'bad-input',
  'crypto-decrypt-failed',
  'crypto-signature-invalid',
  'crypto-sender-mismatch',
  'crypto-replay',
  'crypto-stale',
  'certificate-invalid',
  'certificate-expired',
  'crypto-malformed', // not a CMS / S/MIME structure we can parse (truncated, garbage)
  'crypto-not-recipient', // the message was not encrypted to any of our certificates
  'key-unsupported', // the key type cannot serve this feature (e.g. RSA for calls)
  'crypto-fingerprint-mismatch', // PASSporT mky differs from the SDP's a=fingerprint lines
  'key-conflict', // the directory holds a key for the number that this device neither has nor made
  // Storage
  'disk-full',
  'storage-failed',
  // Calls, chat and accounts (issue 6)
  'not-configured', // no SIP account / network profile yet: the user has to set one up
  'not-found', // no such message, call, connection or peer
  'sip-connect-failed', // no SIP server reachable for the account (DNS, TCP, TLS, WebSocket)
  'tls-verify-failed', // the server's certificate matched neither DANE, the network CA nor the system roots
  // Device pairing (docs/pairing.md)
  'pairing-expired', // the pairing code is past its expiry
  'pairing-used', // the pairing code was already used once (one handshake per code)
  'pairing-tampered', // AEAD/handshake failure or malformed frame: altered, injected or wrong code
  'pairing-denied', // the holder refused, or the typed confirmation code did not match
  'pairing-aborted', // cancelled, peer closed, out-of-order message, transfer too large
  'pairing-invalid-code', // the text/QR is not a pairing code we can read (or a newer version)
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ContractError {
  code: ErrorCode;
  message: string;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
