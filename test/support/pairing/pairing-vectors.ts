/**
 * Builds the test vectors of docs/pairing.md §9 from fixed keys and randomness by running the
 * real sessions. `node scripts/pairing-vectors.mjs` writes them to
 * test/fixtures/pairing-vectors.json; test/unit/pairing/vectors.test.ts checks both agree.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { fromHex, toHex } from '../../../shared/pairing/bytes';
import { HolderSession } from '../../../shared/pairing/holder-session';
import { JoinerSession } from '../../../shared/pairing/joiner-session';
import { decodeMessage } from '../../../shared/pairing/messages';
import { NkPsk0Initiator } from '../../../shared/pairing/noise';
import { createPairingOffer, type Rendezvous } from '../../../shared/pairing/pairing-code';
import type { SessionEffect } from '../../../shared/pairing/session-effect';
import { encodeTransfer } from '../../../shared/pairing/transfer-payload';
import { samplePayload, T0 } from './pairing-fixtures';
import { scriptedRandom } from './seeded-random';

export const VECTOR_INPUTS = {
  now: T0,
  ttlSeconds: 180,
  holderStaticPrivate: '1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100',
  secret: 'a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf',
  joinerEphemeralPrivate: '202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f',
  holderEphemeralPrivate: '404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f',
  holderName: 'Alice laptop',
  joinerName: 'Alice phone',
  relayMailbox: '00112233445566778899aabbccddeeff',
};

const RENDEZVOUS: Rendezvous[] = [
  { kind: 'tcp', host: '192.168.1.20', port: 45678 },
  { kind: 'tcp', host: 'fd00::20', port: 45679 },
  {
    kind: 'relay',
    url: 'https://relay.example.net/pair',
    mailbox: fromHex(VECTOR_INPUTS.relayMailbox),
  },
];

export interface TransportVector {
  direction: 'joiner-to-holder' | 'holder-to-joiner';
  type: string;
  plaintext: string;
  message: string;
}

function sends(effects: SessionEffect[]): Uint8Array[] {
  return effects.flatMap((e) => (e.kind === 'send' ? [e.message] : []));
}

export function generatePairingVectors() {
  const i = VECTOR_INPUTS;
  const offer = createPairingOffer({
    random: scriptedRandom([fromHex(i.holderStaticPrivate), fromHex(i.secret)]),
    now: i.now,
    ttlSeconds: i.ttlSeconds,
    rendezvous: RENDEZVOUS,
  });
  const codeBytes = offer.bytes;
  const holder = new HolderSession({
    offer,
    deviceName: i.holderName,
    random: scriptedRandom([fromHex(i.holderEphemeralPrivate)]),
  });
  const joiner = new JoinerSession({
    codeBytes,
    code: offer.code,
    deviceName: i.joinerName,
    random: scriptedRandom([fromHex(i.joinerEphemeralPrivate)]),
  });
  const [message1] = sends(joiner.start(i.now)) as [Uint8Array];
  const [message2] = sends(holder.receive(message1, i.now + 1000)) as [Uint8Array];
  const afterHello = joiner.receive(message2);
  const shown = afterHello.find((e) => e.kind === 'show-code');
  if (shown?.kind !== 'show-code') throw new Error('no code shown');
  const transport: { direction: TransportVector['direction']; message: Uint8Array }[] = [];
  const toHolder = (m: Uint8Array) => transport.push({ direction: 'joiner-to-holder', message: m });
  const toJoiner = (m: Uint8Array) => transport.push({ direction: 'holder-to-joiner', message: m });
  sends(afterHello).forEach(toHolder);
  holder.receive(transport[0]!.message, i.now + 2000);
  const fromHolder = sends(holder.confirm(shown.sas, samplePayload()));
  fromHolder.forEach(toJoiner);
  for (const m of fromHolder) sends(joiner.receive(m)).forEach(toHolder);
  const last = holder.receive(transport[transport.length - 1]!.message, i.now + 3000);
  if (!last.some((e) => e.kind === 'completed') || joiner.state !== 'done') {
    throw new Error('vector run did not complete');
  }

  return { offer, codeBytes, message1, message2, sas: shown.sas, transport };
}

/** The JSON committed in test/fixtures/pairing-vectors.json. */
export function pairingVectorsJson() {
  const i = VECTOR_INPUTS;
  const run = generatePairingVectors();
  // An independent initiator replays message 1, then yields h and decrypts the transport.
  const replay = new NkPsk0Initiator(
    {
      prologue: run.codeBytes,
      psk: fromHex(i.secret),
      random: scriptedRandom([fromHex(i.joinerEphemeralPrivate)]),
    },
    run.offer.code.holderPublicKey,
  );
  const message1 = replay.writeMessage1(helloPlain(i.joinerName));
  if (toHex(message1) !== toHex(run.message1)) throw new Error('replayed message 1 differs');
  const { payload: holderHello, transport } = replay.readMessage2(run.message2);
  const transportVectors: TransportVector[] = run.transport.map(({ direction, message }) => {
    const cipher = direction === 'joiner-to-holder' ? transport.send : transport.receive;
    const plaintext = cipher.decryptWithAd(new Uint8Array(0), message);
    return {
      direction,
      type: decodeMessage(plaintext).type,
      plaintext: toHex(plaintext),
      message: toHex(message),
    };
  });
  return {
    description:
      'Yakker pairing v1 vectors (docs/pairing.md §9). All byte strings are hex. Generated by scripts/pairing-vectors.mjs.',
    protocol: 'Noise_NKpsk0_25519_ChaChaPoly_SHA256',
    inputs: {
      ...i,
      holderStaticPublic: toHex(x25519.getPublicKey(fromHex(i.holderStaticPrivate))),
      joinerEphemeralPublic: toHex(x25519.getPublicKey(fromHex(i.joinerEphemeralPrivate))),
      holderEphemeralPublic: toHex(x25519.getPublicKey(fromHex(i.holderEphemeralPrivate))),
      rendezvous: RENDEZVOUS.map((r) =>
        r.kind === 'tcp' ? { ...r } : { ...r, mailbox: toHex(r.mailbox) },
      ),
      transferPayload: toHex(encodeTransfer(samplePayload())),
    },
    code: {
      bytes: toHex(run.codeBytes),
      text: run.offer.text,
      expiresAt: run.offer.code.expiresAt,
    },
    handshake: {
      message1Payload: toHex(helloPlain(i.joinerName)),
      message1: toHex(run.message1),
      message2Payload: toHex(holderHello),
      message2: toHex(run.message2),
      handshakeHash: toHex(transport.handshakeHash),
      sas: run.sas,
    },
    transport: transportVectors,
  };
}

function helloPlain(name: string): Uint8Array {
  const bytes = new TextEncoder().encode(name);
  return new Uint8Array([0x01, 0x01, bytes.length, ...bytes]);
}
