import { describe, expect, it } from 'vitest';
import { decodeAddress } from '../../../main/resolver/rdata/address';
import { decodeCertAssociation } from '../../../main/resolver/rdata/cert-association';
import { decodeNaptr, sortNaptr } from '../../../main/resolver/rdata/naptr';
import { decodeSrv } from '../../../main/resolver/rdata/srv';
import { naptr, srv } from './fake-resolver';

describe('RDATA decoders', () => {
  it('NAPTR round trip, names lower-cased without the trailing dot', () => {
    expect(
      decodeNaptr(naptr(100, 10, 'U', 'E2U+sip', '!^.*$!sip:x@y!', 'Next.Example.').rdata),
    ).toEqual({
      order: 100,
      preference: 10,
      flags: 'U',
      services: 'E2U+sip',
      regexp: '!^.*$!sip:x@y!',
      replacement: 'next.example',
    });
    expect(decodeNaptr(naptr(1, 1, 'u', '', '', '.').rdata).replacement).toBe('');
  });

  it('sortNaptr is by order, then preference, and stable', () => {
    const records = [
      { order: 20, preference: 1, id: 'a' },
      { order: 10, preference: 5, id: 'b' },
      { order: 10, preference: 5, id: 'c' },
      { order: 10, preference: 1, id: 'd' },
    ];
    expect(sortNaptr(records).map((r) => r.id)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('SRV', () => {
    expect(decodeSrv(srv(10, 60, 5061, 'sip1.provider.test.').rdata)).toEqual({
      priority: 10,
      weight: 60,
      port: 5061,
      target: 'sip1.provider.test',
    });
  });

  it('addresses, RFC 5952 IPv6 text', () => {
    expect(decodeAddress('A', Uint8Array.from([192, 0, 2, 1]))).toBe('192.0.2.1');
    const v6 = (hex: string) => decodeAddress('AAAA', Uint8Array.from(Buffer.from(hex, 'hex')));
    expect(v6('00000000000000000000000000000001')).toBe('::1');
    expect(v6('20010db8000000000001000000000001')).toBe('2001:db8::1:0:0:1');
    expect(v6('20010db8000100010001000100010001')).toBe('2001:db8:1:1:1:1:1:1');
    expect(v6('00000000000000000000000000000000')).toBe('::');
  });

  it('TLSA/SMIMEA fields', () => {
    const decoded = decodeCertAssociation(Uint8Array.from([3, 1, 1, 0xab, 0xcd]), 'TLSA');
    expect(decoded).toMatchObject({ usage: 3, selector: 1, matchingType: 1 });
    expect(Buffer.from(decoded.data).toString('hex')).toBe('abcd');
  });

  it.each([
    ['truncated NAPTR', () => decodeNaptr(Uint8Array.from([0, 1, 0, 2, 5, 0x61]))],
    [
      'NAPTR with trailing bytes',
      () => decodeNaptr(Uint8Array.from([...naptr(1, 1, '', '', '', '.').rdata, 0])),
    ],
    ['compressed name', () => decodeSrv(Uint8Array.from([0, 0, 0, 0, 0, 1, 0xc0, 0x0c]))],
    ['short A', () => decodeAddress('A', Uint8Array.from([1, 2, 3]))],
    ['short AAAA', () => decodeAddress('AAAA', new Uint8Array(15))],
    ['empty TLSA', () => decodeCertAssociation(new Uint8Array(2), 'TLSA')],
  ])('rejects %s', (_what, decode) => {
    expect(decode).toThrow(/malformed/);
  });

  it('random bytes never crash the decoders (only bad-input errors)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i += 1) {
      const bytes = Uint8Array.from({ length: next() % 40 }, () => next() % 256);
      for (const decode of [decodeNaptr, decodeSrv]) {
        try {
          decode(bytes);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('bad-input');
        }
      }
    }
  });
});
