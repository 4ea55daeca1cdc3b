/**
 * Decrypts everything that crossed a relay, the way only the two endpoints could: replays the
 * joiner's handshake with its seeded randomness and the code's secret, then opens each message
 * in order. Tests use it to prove what was (and was not) sent before the user confirmed.
 */
import { NkPsk0Initiator } from '../../../shared/pairing/noise';
import { decodeMessage } from '../../../shared/pairing/messages';
import type { PairingOffer } from '../../../shared/pairing/pairing-code';
import type { WireRecord } from './fake-relay';
import { seededRandom } from './seeded-random';

export interface InspectedMessage {
  direction: WireRecord['direction'];
  raw: Uint8Array;
  /** Decrypted plaintext, or null when it could not be opened (refusal, garbage). */
  plaintext: Uint8Array | null;
  type: string;
}

export function inspectWire(
  wire: readonly WireRecord[],
  offer: PairingOffer,
  joinerSeed: string,
  joinerName = 'Alice phone',
): InspectedMessage[] {
  const shadow = new NkPsk0Initiator(
    { prologue: offer.bytes, psk: offer.code.secret, random: seededRandom(joinerSeed) },
    offer.code.holderPublicKey,
  );
  const name = new TextEncoder().encode(joinerName);
  shadow.writeMessage1(new Uint8Array([1, 1, name.length, ...name]));
  let transport: ReturnType<NkPsk0Initiator['readMessage2']>['transport'] | null = null;
  let broken = false;
  return wire.map(({ direction, message }, index) => {
    const out = (plaintext: Uint8Array | null, type: string): InspectedMessage => ({
      direction,
      raw: message,
      plaintext,
      type,
    });
    if (index === 0) return out(null, 'handshake-1');
    if (!transport && direction === 'to-joiner') {
      if (message.length === 2) return out(message, 'refusal');
      try {
        const { payload, transport: t } = shadow.readMessage2(message);
        transport = t;
        return out(payload, 'handshake-2');
      } catch {
        broken = true;
        return out(null, 'unreadable');
      }
    }
    if (!transport || broken) return out(null, 'unreadable');
    const cipher = direction === 'to-holder' ? transport.send : transport.receive;
    try {
      const plaintext = cipher.decryptWithAd(new Uint8Array(0), message);
      return out(plaintext, decodeMessage(plaintext).type);
    } catch {
      return out(null, 'unreadable');
    }
  });
}
