/**
 * What the holder sends once the user confirms (docs/pairing.md §6): identity keys (PKCS#8 DER)
 * with their certificate chains (DER, leaf first), account/provider settings and optionally
 * contacts (JSON). Plain data: the keystore integration turns it into keychain entries.
 * Encoding: a strict TLV list (tag u8, length u32 BE, value) in a fixed order.
 */
import { concat, fromUtf8, Reader, u32, utf8 } from './bytes';

export const MAX_TRANSFER_BYTES = 1024 * 1024;
const MAX_IDENTITIES = 16;
const MAX_CERTIFICATES = 16;
const MAX_LABEL_BYTES = 128;

const TAG = {
  identity: 0x01,
  settings: 0x02,
  contacts: 0x03,
  label: 0x11,
  privateKey: 0x12,
  certificate: 0x13,
} as const;

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface TransferIdentity {
  /** The identity's name in the keystore, e.g. `tel:+15550100` or `sip:alice@example.org`. */
  label: string;
  /** PKCS#8 DER. Secret: the reason this whole protocol exists. */
  privateKeyPkcs8: Uint8Array;
  /** X.509 DER, leaf first. */
  certificates: readonly Uint8Array[];
}

export interface TransferPayload {
  identities: readonly TransferIdentity[];
  /** Account and provider settings (no secrets the keystore does not own). */
  settings: { [key: string]: JsonValue };
  contacts?: readonly JsonValue[];
}

function tlv(tag: number, value: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(tag), u32(value.length), value);
}

function checkDer(bytes: Uint8Array, what: string): void {
  if (bytes.length < 2 || bytes[0] !== 0x30) throw new Error(`${what} is not a DER SEQUENCE`);
}

export function encodeTransfer(payload: TransferPayload): Uint8Array {
  if (payload.identities.length < 1 || payload.identities.length > MAX_IDENTITIES) {
    throw new Error(`1 to ${MAX_IDENTITIES} identities`);
  }
  const parts: Uint8Array[] = [];
  for (const id of payload.identities) {
    const label = utf8(id.label);
    if (label.length < 1 || label.length > MAX_LABEL_BYTES) throw new Error('identity label');
    if (id.certificates.length < 1 || id.certificates.length > MAX_CERTIFICATES) {
      throw new Error(`1 to ${MAX_CERTIFICATES} certificates per identity`);
    }
    checkDer(id.privateKeyPkcs8, 'private key');
    for (const c of id.certificates) checkDer(c, 'certificate');
    const inner = [
      tlv(TAG.label, label),
      tlv(TAG.privateKey, id.privateKeyPkcs8),
      ...id.certificates.map((c) => tlv(TAG.certificate, c)),
    ];
    parts.push(tlv(TAG.identity, concat(...inner)));
  }
  parts.push(tlv(TAG.settings, utf8(JSON.stringify(payload.settings))));
  if (payload.contacts !== undefined) {
    parts.push(tlv(TAG.contacts, utf8(JSON.stringify(payload.contacts))));
  }
  const out = concat(...parts);
  if (out.length > MAX_TRANSFER_BYTES) throw new Error('transfer payload too large');
  return out;
}

function readTlv(r: Reader): { tag: number; value: Uint8Array } {
  const tag = r.u8();
  return { tag, value: r.take(r.u32()) };
}

function decodeIdentity(value: Uint8Array): TransferIdentity {
  const r = new Reader(value);
  const label = readTlv(r);
  const key = readTlv(r);
  if (label.tag !== TAG.label || key.tag !== TAG.privateKey) throw new Error('identity layout');
  if (label.value.length < 1 || label.value.length > MAX_LABEL_BYTES) throw new Error('label');
  checkDer(key.value, 'private key');
  const certificates: Uint8Array[] = [];
  while (r.remaining > 0) {
    const cert = readTlv(r);
    if (cert.tag !== TAG.certificate) throw new Error('identity layout');
    checkDer(cert.value, 'certificate');
    certificates.push(cert.value.slice());
  }
  if (certificates.length < 1 || certificates.length > MAX_CERTIFICATES) {
    throw new Error('certificate count');
  }
  return { label: fromUtf8(label.value), privateKeyPkcs8: key.value.slice(), certificates };
}

function parseJson(bytes: Uint8Array): JsonValue {
  return JSON.parse(fromUtf8(bytes)) as JsonValue;
}

/** Strict decoder; throws on any deviation from the layout. */
export function decodeTransfer(bytes: Uint8Array): TransferPayload {
  if (bytes.length > MAX_TRANSFER_BYTES) throw new Error('transfer payload too large');
  const r = new Reader(bytes);
  const identities: TransferIdentity[] = [];
  let next = readTlv(r);
  while (next.tag === TAG.identity) {
    if (identities.length === MAX_IDENTITIES) throw new Error('too many identities');
    identities.push(decodeIdentity(next.value));
    next = readTlv(r);
  }
  if (identities.length === 0 || next.tag !== TAG.settings) throw new Error('transfer layout');
  const settings = parseJson(next.value);
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new Error('settings must be a JSON object');
  }
  const payload: TransferPayload = { identities, settings };
  if (r.remaining > 0) {
    const contacts = readTlv(r);
    const list = parseJson(contacts.value);
    if (contacts.tag !== TAG.contacts || !Array.isArray(list)) throw new Error('contacts');
    payload.contacts = list;
  }
  r.end();
  return payload;
}
