/**
 * The encrypted channel after the handshake: one Noise CipherState per direction, implicit
 * nonce counters (so a dropped, replayed or reordered message fails authentication), and the
 * message codec. Errors come out as abort reasons.
 */
import { PairingError } from './abort-reason';
import {
  decodeMessage,
  encodeMessage,
  MalformedMessageError,
  type PairingMessage,
} from './messages';
import { NoiseDecryptError, type NoiseTransport } from './noise';

const EMPTY = new Uint8Array(0);

export class PairingChannel {
  constructor(private readonly transport: NoiseTransport) {}

  seal(message: PairingMessage): Uint8Array {
    return this.transport.send.encryptWithAd(EMPTY, encodeMessage(message));
  }

  open(ciphertext: Uint8Array): PairingMessage {
    let plaintext: Uint8Array;
    try {
      plaintext = this.transport.receive.decryptWithAd(EMPTY, ciphertext);
    } catch (error) {
      if (error instanceof NoiseDecryptError) throw new PairingError('tampered', false);
      throw error;
    }
    try {
      return decodeMessage(plaintext);
    } catch (error) {
      if (error instanceof MalformedMessageError) {
        throw new PairingError('protocol-violation', false, error.message);
      }
      throw error;
    }
  }

  destroy(): void {
    this.transport.send.destroy();
    this.transport.receive.destroy();
  }
}
