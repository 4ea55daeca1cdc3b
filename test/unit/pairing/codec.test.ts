import { describe, expect, it } from 'vitest';
import { fromBase32, fromUtf8, toBase32, utf8 } from '../../../shared/pairing/bytes';
import { encodeFrame, FrameDecoder, FrameError } from '../../../shared/pairing/framing';
import { formatIpv6, parseIpv6 } from '../../../shared/net/ip-address';
import {
  decodeMessage,
  encodeMessage,
  MalformedMessageError,
  type PairingMessage,
} from '../../../shared/pairing/messages';
import {
  createPairingOffer,
  decodePairingCode,
  encodePairingCode,
  parsePairingText,
} from '../../../shared/pairing/pairing-code';
import { formatSas, sasMatches } from '../../../shared/pairing/sas';
import {
  decodeTransfer,
  encodeTransfer,
  MAX_TRANSFER_BYTES,
} from '../../../shared/pairing/transfer-payload';
import { FAKE_CERT, samplePayload, T0 } from '../../support/pairing/pairing-fixtures';
import { seededRandom } from '../../support/pairing/seeded-random';

const offer = () =>
  createPairingOffer({
    random: seededRandom('codec'),
    now: T0,
    rendezvous: [
      { kind: 'tcp', host: '10.1.2.3', port: 5000 },
      { kind: 'tcp', host: 'fe80::1:2', port: 5001 },
      { kind: 'relay', url: 'https://relay.example/p', mailbox: new Uint8Array(16).fill(3) },
    ],
  });

describe('pairing code', () => {
  it('round-trips bytes and text, in QR alphanumeric characters only', () => {
    const o = offer();
    expect(o.text).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    expect(decodePairingCode(o.bytes)).toEqual(o.code);
    expect(encodePairingCode(o.code)).toEqual(o.bytes);
    const pasted = ` ${o.text.slice(0, 20)}\n${o.text.slice(20).toLowerCase()} `;
    expect(parsePairingText(pasted).bytes).toEqual(o.bytes);
  });

  it.each([
    ['not ours', 'https://example.org/', 'pairing-invalid-code'],
    ['newer version', 'YAKKER-PAIR:2:AE', 'pairing-invalid-code'],
    ['bad base32', 'YAKKER-PAIR:1:AE1', 'pairing-invalid-code'],
  ])('refuses %s', (_n, text, code) => {
    expect(() => parsePairingText(text)).toThrow(expect.objectContaining({ code }));
  });

  it('is strict about every byte', () => {
    const b = offer().bytes;
    const bad = (edit: (x: Uint8Array) => Uint8Array) => () => decodePairingCode(edit(b.slice()));
    expect(bad((x) => x.subarray(0, x.length - 1))).toThrow(/truncated/);
    expect(bad((x) => new Uint8Array([...x, 0]))).toThrow(/trailing/);
    expect(bad((x) => (x.set([1], 1), x))).toThrow(/reserved/);
    expect(bad((x) => (x.set([2], 0), x))).toThrow(
      expect.objectContaining({ reason: 'unsupported-version' }),
    );
    expect(bad((x) => (x.set([0], 70), x))).toThrow(/rendezvous count/);
    expect(bad((x) => (x.set([9], 71), x))).toThrow(/unknown rendezvous/);
  });

  it('formats IPv6 per RFC 5952 and refuses non-IP hosts', () => {
    expect(formatIpv6(parseIpv6('2001:DB8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(parseIpv6('::1')!)).toBe('::1');
    expect(parseIpv6('1::2::3')).toBeNull();
    expect(() =>
      createPairingOffer({
        random: seededRandom('x'),
        now: T0,
        rendezvous: [{ kind: 'tcp', host: 'pc.local', port: 1 }],
      }),
    ).toThrow(/IP address/);
  });

  it('base32 and UTF-8 are strict', () => {
    expect(toBase32(utf8('foobar'))).toBe('MZXW6YTBOI');
    expect(fromUtf8(fromBase32('mzxw6ytboi'))).toBe('foobar');
    expect(() => fromBase32('MZXW6YTBOJ')).toThrow(/padding/);
    expect(fromUtf8(utf8('Zoë 📱'))).toBe('Zoë 📱');
    expect(() => fromUtf8(Uint8Array.of(0xc0, 0x80))).toThrow();
    expect(() => fromUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toThrow();
    expect(() => fromUtf8(Uint8Array.of(0xe2, 0x82))).toThrow();
  });
});

describe('messages, framing, SAS, transfer payload', () => {
  const all: PairingMessage[] = [
    { type: 'hello', version: 1, deviceName: 'Zoë’s phone' },
    { type: 'confirm-request' },
    { type: 'holder-confirm' },
    { type: 'holder-deny', reason: 'code-mismatch' },
    { type: 'transfer', final: true, total: 3, chunk: Uint8Array.of(1, 2, 3) },
    { type: 'ack', digest: new Uint8Array(32).fill(1) },
    { type: 'abort', reason: 'tampered', detail: 'x' },
  ];
  it.each(all)('round-trips $type', (m) => {
    expect(decodeMessage(encodeMessage(m))).toEqual(m);
  });

  it('refuses malformed messages', () => {
    for (const bytes of [
      [],
      [0x42],
      [0x02, 0],
      [0x01, 1, 0],
      [0x01, 1, 2, 0x41, 0x07],
      [0x05, 2, 0, 0, 0, 0],
    ]) {
      expect(() => decodeMessage(Uint8Array.from(bytes))).toThrow(MalformedMessageError);
    }
  });

  it('frames: split anywhere, zero length refused, partial frame visible', () => {
    const wire = new Uint8Array([
      ...encodeFrame(Uint8Array.of(1, 2, 3)),
      ...encodeFrame(Uint8Array.of(4)),
    ]);
    const d = new FrameDecoder();
    expect(d.push(wire.subarray(0, 4))).toEqual([]);
    expect(d.hasPartialFrame).toBe(true);
    expect(d.push(wire.subarray(4))).toEqual([Uint8Array.of(1, 2, 3), Uint8Array.of(4)]);
    expect(d.hasPartialFrame).toBe(false);
    expect(() => new FrameDecoder().push(Uint8Array.of(0, 0))).toThrow(FrameError);
    expect(() => encodeFrame(new Uint8Array(65536))).toThrow();
  });

  it('SAS: six digits, typed with spaces or dashes, anything else is a mismatch', () => {
    expect(formatSas('012345')).toBe('012 345');
    expect(sasMatches('012345', ' 012-345 ')).toBe(true);
    expect(sasMatches('012345', '012346')).toBe(false);
    expect(sasMatches('012345', '12345')).toBe(false);
  });

  it('transfer payload round-trips and enforces its limits', () => {
    const p = samplePayload();
    expect(decodeTransfer(encodeTransfer(p))).toEqual(p);
    const noContacts = samplePayload(false);
    expect(decodeTransfer(encodeTransfer(noContacts))).toEqual(noContacts);
    const huge = {
      ...p,
      identities: [
        { ...p.identities[0]!, certificates: [new Uint8Array(MAX_TRANSFER_BYTES).fill(0x30)] },
      ],
    };
    expect(() => encodeTransfer(huge)).toThrow(/too large/);
    expect(() => encodeTransfer({ ...p, identities: [] })).toThrow(/identities/);
    expect(() =>
      encodeTransfer({
        ...p,
        identities: [{ ...p.identities[0]!, privateKeyPkcs8: Uint8Array.of(4, 0) }],
      }),
    ).toThrow(/DER/);
    const bytes = encodeTransfer(p);
    expect(() => decodeTransfer(bytes.subarray(0, bytes.length - 1))).toThrow();
    expect(FAKE_CERT[0]).toBe(0x30);
  });
});
