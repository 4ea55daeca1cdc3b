/**
 * The pairing code: what the holder's QR carries (docs/pairing.md §2). A strict binary layout,
 * written as `YAKKER-PAIR:1:` + base32 so the whole text fits a QR code's alphanumeric mode and
 * survives copy and paste. The exact binary bytes are the Noise prologue, so the handshake fails
 * unless both sides hold the same code, addresses and expiry included.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { concat, fromBase32, Reader, toBase32, u16, u32, type Random } from './bytes';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../net/ip-address';
import { PairingError } from './abort-reason';

export const PAIRING_VERSION = 1;
export const PAIRING_URI_PREFIX = 'YAKKER-PAIR:1:';
export const MAX_TTL_SECONDS = 600;
export const DEFAULT_TTL_SECONDS = 180;
const MAX_RENDEZVOUS = 8;
const MAX_RELAY_URL = 200;
const KIND_TCP4 = 0x01;
const KIND_TCP6 = 0x02;
const KIND_RELAY = 0x03;

export type Rendezvous =
  { kind: 'tcp'; host: string; port: number } | { kind: 'relay'; url: string; mailbox: Uint8Array };

export interface PairingCode {
  /** The holder's X25519 public key for this one session (Noise responder static `rs`). */
  holderPublicKey: Uint8Array;
  /** 32-byte one-time secret, the Noise PSK. */
  secret: Uint8Array;
  /** Unix time in seconds after which the code is refused. */
  expiresAt: number;
  rendezvous: readonly Rendezvous[];
}

export interface PairingOffer {
  code: PairingCode;
  /** The binary encoding (the Noise prologue). */
  bytes: Uint8Array;
  /** The QR/text form. */
  text: string;
  /** Stays on the holder; never displayed, never sent. */
  holderPrivateKey: Uint8Array;
}

function encodeRendezvous(r: Rendezvous): Uint8Array {
  switch (r.kind) {
    case 'tcp': {
      if (!Number.isInteger(r.port) || r.port < 1 || r.port > 65535) throw new Error('bad port');
      const v4 = parseIpv4(r.host);
      if (v4) return concat(Uint8Array.of(KIND_TCP4), v4, u16(r.port));
      const v6 = parseIpv6(r.host);
      if (v6) return concat(Uint8Array.of(KIND_TCP6), v6, u16(r.port));
      throw new Error(`rendezvous host must be an IP address: ${r.host}`);
    }
    case 'relay': {
      if (!/^https?:\/\/[\x21-\x7e]+$/.test(r.url) || r.url.length > MAX_RELAY_URL) {
        throw new Error('bad relay URL');
      }
      if (r.mailbox.length !== 16) throw new Error('relay mailbox id must be 16 bytes');
      const url = Uint8Array.from(r.url, (c) => c.charCodeAt(0));
      return concat(Uint8Array.of(KIND_RELAY, url.length), url, r.mailbox);
    }
  }
}

export function encodePairingCode(code: PairingCode): Uint8Array {
  if (code.holderPublicKey.length !== 32 || code.secret.length !== 32) throw new Error('bad key');
  if (code.rendezvous.length < 1 || code.rendezvous.length > MAX_RENDEZVOUS) {
    throw new Error('1 to 8 rendezvous addresses');
  }
  if (!Number.isInteger(code.expiresAt) || code.expiresAt < 0 || code.expiresAt > 0xffffffff) {
    throw new Error('bad expiry');
  }
  return concat(
    Uint8Array.of(PAIRING_VERSION, 0),
    code.holderPublicKey,
    code.secret,
    u32(code.expiresAt),
    Uint8Array.of(code.rendezvous.length),
    ...code.rendezvous.map(encodeRendezvous),
  );
}

function decodeRendezvous(reader: Reader): Rendezvous {
  const kind = reader.u8();
  switch (kind) {
    case KIND_TCP4: {
      const host = formatIpv4(reader.take(4));
      const port = reader.u16();
      if (port === 0) throw new Error('port 0');
      return { kind: 'tcp', host, port };
    }
    case KIND_TCP6: {
      const host = formatIpv6(reader.take(16));
      const port = reader.u16();
      if (port === 0) throw new Error('port 0');
      return { kind: 'tcp', host, port };
    }
    case KIND_RELAY: {
      const url = String.fromCharCode(...reader.take(reader.u8()));
      if (!/^https?:\/\/[\x21-\x7e]+$/.test(url)) throw new Error('bad relay URL');
      return { kind: 'relay', url, mailbox: reader.take(16).slice() };
    }
    default:
      throw new Error(`unknown rendezvous kind ${kind}`);
  }
}

/** Strict decoder: any deviation (unknown version or kind, trailing bytes) is `invalid-code`. */
export function decodePairingCode(bytes: Uint8Array): PairingCode {
  const reader = new Reader(bytes);
  try {
    const version = reader.u8();
    if (version !== PAIRING_VERSION) throw new PairingError('unsupported-version', false);
    if (reader.u8() !== 0) throw new Error('reserved flags set');
    const holderPublicKey = reader.take(32).slice();
    const secret = reader.take(32).slice();
    const expiresAt = reader.u32();
    const count = reader.u8();
    if (count < 1 || count > MAX_RENDEZVOUS) throw new Error('rendezvous count');
    const rendezvous = Array.from({ length: count }, () => decodeRendezvous(reader));
    reader.end();
    return { holderPublicKey, secret, expiresAt, rendezvous };
  } catch (error) {
    if (error instanceof PairingError) throw error;
    throw new PairingError('invalid-code', false, (error as Error).message);
  }
}

export function formatPairingText(bytes: Uint8Array): string {
  return PAIRING_URI_PREFIX + toBase32(bytes);
}

/**
 * Parse the text a user pasted or a QR decoder returned: case-insensitive, whitespace and
 * hyphens between groups ignored. Returns the exact bytes (the prologue) and the decoded code.
 */
export function parsePairingText(text: string): { bytes: Uint8Array; code: PairingCode } {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  const versioned = /^YAKKER-PAIR:(\d+):([A-Z2-7-]+)$/.exec(compact);
  if (!versioned) throw new PairingError('invalid-code', false, 'not a YAKKER-PAIR code');
  if (versioned[1] !== String(PAIRING_VERSION)) {
    throw new PairingError('unsupported-version', false);
  }
  let bytes: Uint8Array;
  try {
    bytes = fromBase32((versioned[2] ?? '').replace(/-/g, ''));
  } catch {
    throw new PairingError('invalid-code', false, 'bad base32');
  }
  return { bytes, code: decodePairingCode(bytes) };
}

export interface OfferOptions {
  random: Random;
  /** Milliseconds since the epoch (injected clock). */
  now: number;
  rendezvous: readonly Rendezvous[];
  ttlSeconds?: number;
}

/** Make a fresh one-time code: new X25519 key pair, new secret, expiry now + ttl. */
export function createPairingOffer(options: OfferOptions): PairingOffer {
  const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (ttl < 1 || ttl > MAX_TTL_SECONDS) throw new Error(`ttl must be 1..${MAX_TTL_SECONDS} s`);
  const holderPrivateKey = options.random(32);
  const code: PairingCode = {
    holderPublicKey: x25519.getPublicKey(holderPrivateKey),
    secret: options.random(32),
    expiresAt: Math.floor(options.now / 1000) + ttl,
    rendezvous: options.rendezvous,
  };
  const bytes = encodePairingCode(code);
  return { code, bytes, text: formatPairingText(bytes), holderPrivateKey };
}

/** The holder is strict; the joiner may allow some clock skew (its clock is not authoritative). */
export function isExpired(code: PairingCode, nowMs: number, skewSeconds = 0): boolean {
  return nowMs >= (code.expiresAt + skewSeconds) * 1000;
}
