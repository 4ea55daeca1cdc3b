/**
 * The local DNS hierarchy the resolver tests (and devnet) run against: a root, the `test.` TLD,
 * `yakker.test.` with the ENUM zone `e164.yakker.test.`, a provider `provider.test.`, an
 * unsigned delegation on each side, a DS for an unsupported algorithm, and one child zone per
 * kind of breakage. Signers, algorithms and denial methods vary by level:
 *
 * | zone                      | signer          | alg | denial         |
 * |---------------------------|-----------------|-----|----------------|
 * | .                         | dnssec-signzone | 8   | NSEC           |
 * | test.                     | ldns-signzone   | 13  | NSEC3 opt-out  |
 * | yakker.test.              | dnssec-signzone | 13  | NSEC           |
 * | e164.yakker.test.         | dnssec-signzone | 15  | NSEC3          |
 * | provider.test.            | ldns-signzone   | 8   | NSEC           |
 * | insecure.test.            | (unsigned; covered by test.'s opt-out)  |
 * | unsigned.yakker.test.     | (unsigned; NSEC proves there is no DS)  |
 * | unsupported.yakker.test.  | dnssec-signzone | 13  | NSEC; parent DS says algorithm 17 |
 * | tampered/expired/future/nosig/wrongds/badnsec.yakker.test. | dnssec-signzone | 13 | NSEC, then broken |
 */

import type { Breakage, ZoneSpec } from '../../../devnet/src/dns/zone-spec';

export type { Breakage, Denial, Signer, ZoneSpec } from '../../../devnet/src/dns/zone-spec';
export { labelCount, parentOf } from '../../../devnet/src/dns/zone-spec';

/** What the zone data needs from test-time material (certificates made with openssl). */
export interface ZoneMaterial {
  /** SMIMEA 3 0 0 certificates (DER hex) for +15550100 (two: rollover) and sip:alice@provider.test. */
  telCertsHex: string[];
  sipCertHex: string;
  /** TLSA 3 1 1 data for the provider's TLS/WSS servers. */
  serverSpkiSha256: string;
  /** sha256(local-part) truncated: the RFC 8162 label for alice. */
  aliceLabel: string;
}

const E164 = 'e164.yakker.test.';

export function hierarchySpec(m: ZoneMaterial): ZoneSpec[] {
  const broken = (name: Breakage): ZoneSpec => ({
    origin: `${name}.yakker.test.`,
    signer: 'bind',
    algorithm: 13,
    denial: 'nsec',
    breakage: name,
    records: [
      'www A 192.0.2.80',
      'a A 192.0.2.81',
      'b A 192.0.2.82',
      'c A 192.0.2.83',
      'enum NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:good@provider.test!" .',
      '4.0.1.0.5.5.5.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:good@provider.test!" .',
    ],
  });
  return [
    {
      origin: '.',
      signer: 'bind',
      algorithm: 8,
      denial: 'nsec',
      records: ['ns.test. A 127.0.0.1'],
    },
    {
      origin: 'test.',
      signer: 'ldns',
      algorithm: 13,
      denial: 'nsec3-optout',
      records: ['ns A 127.0.0.1', 'ns AAAA ::1', 'www A 192.0.2.5'],
    },
    {
      origin: 'insecure.test.',
      signer: 'none',
      algorithm: 13,
      denial: 'nsec',
      records: ['www A 192.0.2.30'],
    },
    {
      origin: 'yakker.test.',
      signer: 'bind',
      algorithm: 13,
      denial: 'nsec',
      records: [
        'www A 192.0.2.10',
        'www AAAA 2001:db8::10',
        'sip A 127.0.0.1',
        '*.wild A 192.0.2.20',
        '*.wild TXT "wildcard"',
        'alias CNAME alias2.provider.test.',
        'nodata TXT "only TXT here"',
      ],
    },
    {
      origin: E164,
      signer: 'bind',
      algorithm: 15,
      denial: 'nsec3',
      records: [
        '0.0.1.0.5.5.5.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:+15550100@provider.test!" .',
        '0.0.1.0.5.5.5.1 NAPTR 100 20 "u" "E2U+email:mailto" "!^.*$!mailto:alice@provider.test!" .',
        ...m.telCertsHex.map((hex) => `_smimecert.0.0.1.0.5.5.5.1 SMIMEA 3 0 0 ${hex}`),
        '1.0.1.0.5.5.5.1 NAPTR 10 10 "" "" "" pbx.provider.test.',
        '2.0.1.0.5.5.5.1 NAPTR 10 10 "" "" "" enum.tampered.yakker.test.',
        '2.0.1.0.5.5.5.1 NAPTR 10 20 "u" "E2U+sip" "!^\\\\+(.*)$!sip:\\\\1@fallback.provider.test!" .',
        '3.0.1.0.5.5.5.1 NAPTR 10 10 "" "" "" enum.unsigned.yakker.test.',
        '*.9.9.5.5.5.1 NAPTR 100 10 "u" "E2U+sip" "!^\\\\+1555(99.*)$!sip:\\\\1@provider.test!" .',
      ],
    },
    {
      origin: 'provider.test.',
      signer: 'ldns',
      algorithm: 8,
      denial: 'nsec',
      records: [
        '@ NAPTR 10 10 "s" "SIPS+D2T" "" _sips._tcp.provider.test.',
        '@ NAPTR 20 10 "s" "SIPS+D2W" "" _sips._ws.provider.test.',
        '@ NAPTR 30 10 "s" "SIP+D2T" "" _sip._tcp.provider.test.',
        '@ NAPTR 40 10 "s" "SIP+D2U" "" _sip._udp.provider.test.',
        '_sips._tcp SRV 10 60 5061 sip1.provider.test.',
        '_sips._tcp SRV 10 40 5061 sip2.provider.test.',
        '_sips._ws SRV 10 0 8443 ws.provider.test.',
        '_sip._tcp SRV 10 0 5060 sip1.provider.test.',
        '_sip._udp SRV 10 0 5060 sip1.provider.test.',
        'sip1 A 127.0.0.1',
        'sip1 AAAA ::1',
        'sip2 A 127.0.0.2',
        'ws A 127.0.0.1',
        `_5061._tcp.sip1 TLSA 3 1 1 ${m.serverSpkiSha256}`,
        `_5061._tcp.sip2 TLSA 3 1 1 ${m.serverSpkiSha256}`,
        `_8443._tcp.ws TLSA 3 1 1 ${m.serverSpkiSha256}`,
        'alias2 CNAME sip1.provider.test.',
        'pbx NAPTR 100 10 "u" "E2U+sip" "!^\\\\+1555(.*)$!sip:\\\\1@provider.test!" .',
        `${m.aliceLabel}._smimecert SMIMEA 3 0 0 ${m.sipCertHex}`,
      ],
    },
    {
      origin: 'unsigned.yakker.test.',
      signer: 'none',
      algorithm: 13,
      denial: 'nsec',
      records: [
        'www A 192.0.2.40',
        'enum NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:unsigned@provider.test!" .',
      ],
    },
    {
      origin: 'unsupported.yakker.test.',
      signer: 'bind',
      algorithm: 13,
      denial: 'nsec',
      breakage: 'unsupported-ds',
      records: ['www A 192.0.2.50'],
    },
    broken('tampered'),
    broken('expired'),
    broken('future'),
    broken('nosig'),
    broken('wrongds'),
    broken('badnsec'),
  ];
}
