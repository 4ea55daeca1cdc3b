/** docs/pairing.md §9: the committed vectors, checked against this implementation. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../shared/pairing/bytes';
import { decodeMessage } from '../../../shared/pairing/messages';
import { NkPsk0Initiator, NkPsk0Responder } from '../../../shared/pairing/noise';
import { decodePairingCode, parsePairingText } from '../../../shared/pairing/pairing-code';
import { deriveSas } from '../../../shared/pairing/sas';
import { decodeTransfer } from '../../../shared/pairing/transfer-payload';
import { pairingVectorsJson } from '../../support/pairing/pairing-vectors';
import { scriptedRandom } from '../../support/pairing/seeded-random';

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/pairing-vectors.json', import.meta.url), 'utf8'),
) as ReturnType<typeof pairingVectorsJson>;

describe('Noise_NKpsk0_25519_ChaChaPoly_SHA256 (cacophony vector, standard test keys)', () => {
  it('matches byte for byte, handshake and transport', () => {
    const h = fromHex;
    const prologue = h('4a6f686e2047616c74');
    const psk = h('54686973206973206d7920417573747269616e20706572737065637469766521');
    const initiator = new NkPsk0Initiator(
      {
        prologue,
        psk,
        random: scriptedRandom([
          h('893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a'),
        ]),
      },
      h('31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f62'),
    );
    const responder = new NkPsk0Responder(
      {
        prologue,
        psk,
        random: scriptedRandom([
          h('bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b'),
        ]),
      },
      h('4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893'),
    );
    const m1 = initiator.writeMessage1(h('4c756477696720766f6e204d69736573'));
    expect(toHex(m1)).toBe(
      'ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c7944190fec41487219f2069c3ba7b7f9521437045935231f0ed399dfd4baf6bd825b',
    );
    expect(toHex(responder.readMessage1(m1))).toBe('4c756477696720766f6e204d69736573');
    const { message: m2, transport: rt } = responder.writeMessage2(
      h('4d757272617920526f746862617264'),
    );
    expect(toHex(m2)).toBe(
      '95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884385010e0c56e886e6da0c69aee7388bcf4000cc357af5ebd11a46a169a3712c',
    );
    const { transport: it } = initiator.readMessage2(m2);
    expect(toHex(it.handshakeHash)).toBe(
      '1609ef057bdd62c752b5960546a255a78aebff08c5f07ef2adaa1db8350e7077',
    );
    expect(toHex(rt.handshakeHash)).toBe(toHex(it.handshakeHash));
    const none = new Uint8Array(0);
    expect(toHex(it.send.encryptWithAd(none, h('462e20412e20486179656b')))).toBe(
      '4beed26535f1a387c950fab9a162dc613cc5bf84e8a62653130b83',
    );
    expect(toHex(rt.send.encryptWithAd(none, h('4361726c204d656e676572')))).toBe(
      'ceaffe71ce7f1bf7b080736d62e0579ce5dc1530a36e7df795a4cc',
    );
  });
});

describe('Yakker pairing v1 vectors (test/fixtures/pairing-vectors.json)', () => {
  it('are what this implementation produces', () => {
    expect(pairingVectorsJson()).toEqual(fixture);
  });

  it('decode independently: code, text, hellos, SAS, every transport message, the payload', () => {
    const code = decodePairingCode(fromHex(fixture.code.bytes));
    expect(toHex(code.holderPublicKey)).toBe(fixture.inputs.holderStaticPublic);
    expect(toHex(code.secret)).toBe(fixture.inputs.secret);
    expect(code.expiresAt).toBe(fixture.inputs.now / 1000 + fixture.inputs.ttlSeconds);
    expect(toHex(parsePairingText(fixture.code.text).bytes)).toBe(fixture.code.bytes);
    expect(fixture.handshake.message1.slice(0, 64)).toBe(fixture.inputs.joinerEphemeralPublic);
    expect(fixture.handshake.message2.slice(0, 64)).toBe(fixture.inputs.holderEphemeralPublic);
    expect(decodeMessage(fromHex(fixture.handshake.message2Payload))).toEqual({
      type: 'hello',
      version: 1,
      deviceName: fixture.inputs.holderName,
    });
    expect(deriveSas(fromHex(fixture.handshake.handshakeHash))).toBe(fixture.handshake.sas);
    expect(fixture.transport.map((t) => `${t.direction}:${t.type}`)).toEqual([
      'joiner-to-holder:confirm-request',
      'holder-to-joiner:holder-confirm',
      'holder-to-joiner:transfer',
      'joiner-to-holder:ack',
    ]);
    const transfer = decodeMessage(fromHex(fixture.transport[2]!.plaintext));
    expect(transfer.type === 'transfer' && toHex(transfer.chunk)).toBe(
      fixture.inputs.transferPayload,
    );
    expect(decodeTransfer(fromHex(fixture.inputs.transferPayload)).identities[0]?.label).toBe(
      'tel:+15550100',
    );
  });
});
