import type { TransferPayload } from '../../../shared/pairing/transfer-payload';
import { fromHex } from '../../../shared/pairing/bytes';

/** A recognisable 32-byte "private key" so tests can search the wire for it. */
export const SECRET_KEY_BYTES = fromHex(
  '5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7',
);

/** An Ed25519 PKCS#8 DER wrapper (RFC 8410) around the recognisable key. */
export const FAKE_PKCS8 = new Uint8Array([
  ...fromHex('302e020100300506032b657004220420'),
  ...SECRET_KEY_BYTES,
]);

/** Not a real certificate: the payload layer only checks for a DER SEQUENCE. */
export const FAKE_CERT = fromHex('3009020101300406022a03');

export function samplePayload(contacts = true): TransferPayload {
  return {
    identities: [
      { label: 'tel:+15550100', privateKeyPkcs8: FAKE_PKCS8, certificates: [FAKE_CERT] },
    ],
    settings: { provider: 'example.net', displayName: 'Alice', sipUser: '15550100' },
    ...(contacts ? { contacts: [{ name: 'Bob', uri: 'tel:+15550199' }] } : {}),
  };
}

/** 2026-11-24T12:00:00Z, the vectors' and tests' "now". */
export const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

export function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
