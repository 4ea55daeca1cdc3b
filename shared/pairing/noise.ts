/**
 * Noise_NKpsk0_25519_ChaChaPoly_SHA256 (Noise Protocol Framework rev 34), written from the spec
 * over the @noble primitives. NKpsk0: `<- s` / `...` / `-> psk, e, es` / `<- e, ee`.
 * Only what pairing needs: one pattern, one suite, the initiator or the responder role.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concat, utf8, type Random } from './bytes';

export const NOISE_PROTOCOL_NAME = 'Noise_NKpsk0_25519_ChaChaPoly_SHA256';
export const NOISE_MAX_MESSAGE = 65535;
const DHLEN = 32;
const TAGLEN = 16;

export class NoiseDecryptError extends Error {
  constructor() {
    super('Noise AEAD authentication failed');
    this.name = 'NoiseDecryptError';
  }
}

/** Noise HKDF (§4.3) with HMAC-SHA256; returns two or three 32-byte outputs. */
function hkdf(chainingKey: Uint8Array, ikm: Uint8Array, outputs: 2 | 3): Uint8Array[] {
  const temp = hmac(sha256, chainingKey, ikm);
  const out1 = hmac(sha256, temp, Uint8Array.of(1));
  const out2 = hmac(sha256, temp, concat(out1, Uint8Array.of(2)));
  if (outputs === 2) return [out1, out2];
  return [out1, out2, hmac(sha256, temp, concat(out2, Uint8Array.of(3)))];
}

/** ChaChaPoly nonce: 32 bits of zeros, then the 64-bit counter little-endian. */
function nonceBytes(n: number): Uint8Array {
  const out = new Uint8Array(12);
  let v = n;
  for (let i = 4; i < 12; i++) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

/** CipherState (§5.1). The counter stops well below 2^53 (pairing sends a few dozen messages). */
export class CipherState {
  private n = 0;
  constructor(private key: Uint8Array | null = null) {}

  hasKey(): boolean {
    return this.key !== null;
  }

  /** The next nonce this state will use (the replay/reorder counter, exposed for tests). */
  get nonce(): number {
    return this.n;
  }

  encryptWithAd(ad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    if (this.key === null) return plaintext;
    if (this.n >= Number.MAX_SAFE_INTEGER) throw new Error('nonce exhausted');
    const out = chacha20poly1305(this.key, nonceBytes(this.n), ad).encrypt(plaintext);
    this.n++;
    return out;
  }

  decryptWithAd(ad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    if (this.key === null) return ciphertext;
    if (ciphertext.length < TAGLEN) throw new NoiseDecryptError();
    let out: Uint8Array;
    try {
      out = chacha20poly1305(this.key, nonceBytes(this.n), ad).decrypt(ciphertext);
    } catch {
      throw new NoiseDecryptError();
    }
    this.n++;
    return out;
  }

  /** Forget the key (best effort: JS cannot promise the bytes leave memory). */
  destroy(): void {
    this.key?.fill(0);
    this.key = null;
  }
}

/** SymmetricState (§5.2). */
class SymmetricState {
  ck: Uint8Array;
  h: Uint8Array;
  cipher = new CipherState();

  constructor(protocolName: string) {
    const name = utf8(protocolName);
    this.h = name.length <= 32 ? concat(name, new Uint8Array(32 - name.length)) : sha256(name);
    this.ck = this.h;
  }

  mixKey(ikm: Uint8Array): void {
    const [ck, k] = hkdf(this.ck, ikm, 2) as [Uint8Array, Uint8Array];
    this.ck = ck;
    this.cipher = new CipherState(k);
  }

  mixHash(data: Uint8Array): void {
    this.h = sha256(concat(this.h, data));
  }

  mixKeyAndHash(ikm: Uint8Array): void {
    const [ck, th, k] = hkdf(this.ck, ikm, 3) as [Uint8Array, Uint8Array, Uint8Array];
    this.ck = ck;
    this.mixHash(th);
    this.cipher = new CipherState(k);
  }

  encryptAndHash(plaintext: Uint8Array): Uint8Array {
    const ct = this.cipher.encryptWithAd(this.h, plaintext);
    this.mixHash(ct);
    return ct;
  }

  decryptAndHash(ciphertext: Uint8Array): Uint8Array {
    const pt = this.cipher.decryptWithAd(this.h, ciphertext);
    this.mixHash(ciphertext);
    return pt;
  }

  split(): [CipherState, CipherState] {
    const [k1, k2] = hkdf(this.ck, new Uint8Array(0), 2) as [Uint8Array, Uint8Array];
    return [new CipherState(k1), new CipherState(k2)];
  }
}

export interface NoiseTransport {
  /** Initiator→responder for the initiator's send side, and so on (Split, §5.2). */
  send: CipherState;
  receive: CipherState;
  /** The handshake hash h (channel binding; the SAS is derived from it). */
  handshakeHash: Uint8Array;
}

export interface NkPsk0Options {
  prologue: Uint8Array;
  psk: Uint8Array;
  random: Random;
}

function dh(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  try {
    return x25519.getSharedSecret(privateKey, publicKey);
  } catch {
    // A low-order point gives an all-zero secret; noble refuses it. Treat as a failed handshake.
    throw new NoiseDecryptError();
  }
}

function init(options: NkPsk0Options, responderStatic: Uint8Array): SymmetricState {
  if (options.psk.length !== 32) throw new Error('psk must be 32 bytes');
  const ss = new SymmetricState(NOISE_PROTOCOL_NAME);
  ss.mixHash(options.prologue);
  ss.mixHash(responderStatic); // pre-message `<- s`
  return ss;
}

/** The initiator (the joiner, who scanned the responder's static key and the PSK). */
export class NkPsk0Initiator {
  private readonly ss: SymmetricState;
  private e: Uint8Array | null = null;

  constructor(
    private readonly options: NkPsk0Options,
    private readonly remoteStatic: Uint8Array,
  ) {
    this.ss = init(options, remoteStatic);
  }

  /** `-> psk, e, es` then the payload. */
  writeMessage1(payload: Uint8Array): Uint8Array {
    this.ss.mixKeyAndHash(this.options.psk);
    this.e = this.options.random(DHLEN);
    const ePub = x25519.getPublicKey(this.e);
    this.ss.mixHash(ePub);
    this.ss.mixKey(ePub); // psk mode: the `e` token also mixes the key (§9.2)
    this.ss.mixKey(dh(this.e, this.remoteStatic));
    return concat(ePub, this.ss.encryptAndHash(payload));
  }

  /** `<- e, ee`, returns the payload and the transport. */
  readMessage2(message: Uint8Array): { payload: Uint8Array; transport: NoiseTransport } {
    if (this.e === null || message.length < DHLEN + TAGLEN) throw new NoiseDecryptError();
    const re = message.subarray(0, DHLEN);
    this.ss.mixHash(re);
    this.ss.mixKey(re);
    this.ss.mixKey(dh(this.e, re));
    const payload = this.ss.decryptAndHash(message.subarray(DHLEN));
    const [c1, c2] = this.ss.split();
    this.e.fill(0);
    return { payload, transport: { send: c1, receive: c2, handshakeHash: this.ss.h } };
  }
}

/** The responder (the holder, whose static key is in the QR code). */
export class NkPsk0Responder {
  private readonly ss: SymmetricState;
  private re: Uint8Array | null = null;

  constructor(
    private readonly options: NkPsk0Options,
    private readonly staticPrivate: Uint8Array,
  ) {
    this.ss = init(options, x25519.getPublicKey(staticPrivate));
  }

  readMessage1(message: Uint8Array): Uint8Array {
    if (message.length < DHLEN + TAGLEN) throw new NoiseDecryptError();
    this.ss.mixKeyAndHash(this.options.psk);
    const re = message.slice(0, DHLEN);
    this.ss.mixHash(re);
    this.ss.mixKey(re);
    this.ss.mixKey(dh(this.staticPrivate, re));
    const payload = this.ss.decryptAndHash(message.subarray(DHLEN));
    this.re = re;
    return payload;
  }

  writeMessage2(payload: Uint8Array): { message: Uint8Array; transport: NoiseTransport } {
    if (this.re === null) throw new Error('message 1 not read');
    const e = this.options.random(DHLEN);
    const ePub = x25519.getPublicKey(e);
    this.ss.mixHash(ePub);
    this.ss.mixKey(ePub);
    this.ss.mixKey(dh(e, this.re));
    e.fill(0);
    const message = concat(ePub, this.ss.encryptAndHash(payload));
    const [c1, c2] = this.ss.split();
    return { message, transport: { send: c2, receive: c1, handshakeHash: this.ss.h } };
  }
}
