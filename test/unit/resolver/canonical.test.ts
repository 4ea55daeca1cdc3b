import { describe, expect, it } from 'vitest';
import { canonicalRdata, signedData, signedOwner } from '../../../main/resolver/dnssec/canonical';
import { parseRrsig } from '../../../main/resolver/dnssec/records';
import { parseMessage } from '../../../main/resolver/wire/message';
import { nameToText, textToName } from '../../../main/resolver/wire/name';
import { rdataToText } from '../../../main/resolver/wire/rdata-text';
import { name, type, zone } from './support/fake-dns';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('wire parsing keeps bytes (reference/dnssec.md §1.5)', () => {
  it('expands compressed names inside MX/NS/CNAME/SOA RDATA', () => {
    // Header, question "Ex.com MX", answer owner ptr->12, MX 10 "mail"+ptr->12; NS ptr; SOA ptrs.
    const q = [2, 69, 120, 3, 99, 111, 109, 0];
    const msg = Uint8Array.from([
      0,
      1,
      0x84,
      0,
      0,
      1,
      0,
      3,
      0,
      0,
      0,
      0,
      ...q,
      0,
      15,
      0,
      1,
      0xc0,
      12,
      0,
      15,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      9,
      0,
      10,
      4,
      109,
      97,
      105,
      108,
      0xc0,
      12,
      0xc0,
      12,
      0,
      2,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      2,
      0xc0,
      12,
      0xc0,
      12,
      0,
      6,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      24,
      0xc0,
      12,
      0xc0,
      12,
      ...Array<number>(20).fill(0),
    ]);
    const m = parseMessage(msg);
    const [mx, ns, soa] = m.answer;
    expect(rdataToText(15, mx?.rdata ?? new Uint8Array())).toBe('10 mail.Ex.com.');
    expect(hex(canonicalRdata(15, mx?.rdata ?? new Uint8Array()))).toBe(
      hex(Uint8Array.from([0, 10, 4, 109, 97, 105, 108, 2, 101, 120, 3, 99, 111, 109, 0])),
    );
    expect(rdataToText(2, ns?.rdata ?? new Uint8Array())).toBe('Ex.com.');
    expect(rdataToText(6, soa?.rdata ?? new Uint8Array())).toBe('Ex.com. Ex.com. 0 0 0 0 0');
    expect(nameToText(mx?.owner ?? new Uint8Array())).toBe('Ex.com');
  });
  it('a label with a dot and high bytes survives (dns-packet would mangle it)', () => {
    const n = Uint8Array.from([3, 0xff, 0x2e, 0x41, 0]);
    expect(nameToText(n)).toBe('\\255\\.A');
    expect(hex(textToName('\\255\\.A'))).toBe(hex(n));
  });
  it('rejects forward and looping compression pointers', () => {
    const loop = Uint8Array.from([0, 1, 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]);
    expect(() => parseMessage(loop)).toThrow(/pointer/);
  });
});

describe('canonical RDATA (RFC 4034 §6.2 as corrected by RFC 6840 §5.1)', () => {
  it('lower-cases names in NS, CNAME, MX, SRV, NAPTR, SOA, RRSIG', () => {
    for (const [t, text, want] of [
      ['NS', 'x. NS NS1.Example.', 'ns1.example.'],
      ['CNAME', 'x. CNAME WWW.Example.', 'www.example.'],
      ['MX', 'x. MX 5 Mail.Example.', '5 mail.example.'],
      ['SRV', 'x. SRV 1 2 5060 SIP.Example.', '1 2 5060 sip.example.'],
      [
        'NAPTR',
        'x. NAPTR 10 20 "U" "E2U+sip" "!^.*$!sip:A@B!" Repl.Example.',
        '10 20 "U" "E2U+sip" "!^.*$!sip:A@B!" repl.example.',
      ],
      ['SOA', 'x. SOA NS.Example. Host.Example. 1 2 3 4 5', 'ns.example. host.example. 1 2 3 4 5'],
    ] as const) {
      const r = zone(text)[0];
      expect(rdataToText(type(t), canonicalRdata(type(t), r?.rdata ?? new Uint8Array()))).toBe(
        want,
      );
    }
  });
  it('does not lower-case NSEC next names, HINFO, TXT or opaque RDATA', () => {
    for (const text of [
      'x. NSEC Next.Example. A RRSIG',
      'x. HINFO "PC" "Linux"',
      'x. TXT "MiXeD"',
      'x. TLSA 3 1 1 AABB',
    ]) {
      const r = zone(text)[0];
      expect(hex(canonicalRdata(r?.type ?? 0, r?.rdata ?? new Uint8Array()))).toBe(
        hex(r?.rdata ?? new Uint8Array()),
      );
    }
  });
  it('wildcard owner is restored from the Labels field', () => {
    expect(nameToText(signedOwner(name('A.Z.W.Example'), 2))).toBe('*.w.example');
    expect(nameToText(signedOwner(name('A.Z.W.Example'), 4))).toBe('a.z.w.example');
  });
  it('signed data sorts RDATA, drops duplicates and uses the original TTL', () => {
    const sig = parseRrsig(
      zone('x.example. 60 RRSIG A 13 2 3600 20300101000000 20000101000000 1 example. AAAA')[0]!,
    );
    const one = signedData(sig, zone('X.example. 10 A 192.0.2.2\nx.example. 20 A 192.0.2.1'));
    const two = signedData(
      sig,
      zone('x.example. 3600 A 192.0.2.1\nx.example. 3600 A 192.0.2.2\nx.example. 3600 A 192.0.2.1'),
    );
    expect(hex(one)).toBe(hex(two));
    expect(hex(one)).toContain(`${hex(name('x.example'))}0001000100000e100004c0000201`);
  });
});

describe('presentation format', () => {
  it.each([
    ['A', '192.0.2.1'],
    ['AAAA', '2001:db8::f00:baa9'],
    ['DS', '60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118'],
    ['TLSA', '3 1 1 ABCDEF'],
    ['SMIMEA', '3 0 0 3082'],
    ['NSEC3', '1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG'],
    ['TXT', '"hello world" "x"'],
    ['SRV', '0 5 5061 sip.example.'],
  ])('%s %s round-trips', (t, data) => {
    const r = zone(`x. 60 ${t} ${data}`)[0];
    expect(rdataToText(type(t), r?.rdata ?? new Uint8Array())).toBe(data);
  });
  it('unknown types use RFC 3597 syntax', () => {
    const r = zone('x. 60 TYPE65534 \\# 3 010203')[0];
    expect(rdataToText(65534, r?.rdata ?? new Uint8Array())).toBe('\\# 3 010203');
  });
});

describe('trust-anchor files', () => {
  it('reads dsset- files, key files and multi-line dig output, skipping other records', async () => {
    const { parseTrustAnchors } = await import('../../../main/resolver/trust-anchors');
    const text = `; dsset-example.
example.test.\t\tIN DS 12978 13 2 77A69F15345F8179D9A0AD45A485CD38EE1D269E6389A410C6DAD18DE7088BBE
; This is a key-signing key, keyid 3613, for example.com.
example.com. 3600 IN DNSKEY 257 3 15 (
        l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4= ) ; KSK
example.com. 3600 IN RRSIG DNSKEY 15 2 3600 1440021600 1438207200 3613 example.com. AAAA
example.com. 3600 IN NS ns.example.com.
`;
    const anchors = parseTrustAnchors(text);
    expect(anchors.map((a) => `${a.name} ${a.type}`)).toEqual([
      'example.test DS',
      'example.com DNSKEY',
    ]);
    expect(() => parseTrustAnchors('example. IN A 192.0.2.1')).toThrow(/no DS or DNSKEY/);
    expect(() => parseTrustAnchors('example. IN DS 1 2 3 XYZ')).toThrow(/bad hex/);
  });
});
