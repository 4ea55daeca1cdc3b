import { describe, expect, it } from 'vitest';
import { dsDigest, verifySignature } from '../../../main/resolver/dnssec/algorithms';
import { signedData } from '../../../main/resolver/dnssec/canonical';
import { nsec3Hash } from '../../../main/resolver/dnssec/nsec3';
import { keyTag, parseDnskey, parseDs, parseRrsig } from '../../../main/resolver/dnssec/records';
import { verifyRrset } from '../../../main/resolver/dnssec/verify-rrset';
import { DEFAULT_LIMITS, WorkBudget } from '../../../main/resolver/dnssec/work-budget';
import type { WireRecord } from '../../../main/resolver/wire/message';
import { lowerName } from '../../../main/resolver/wire/name';
import { base32hex } from '../../../main/resolver/wire/rdata-text';
import { byType, name, zone } from './support/fake-dns';
import * as V from './support/rfc-records';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ctx = (now: number) => ({ now, skew: 0, budget: new WorkBudget(DEFAULT_LIMITS) });

function check(text: string, now: number) {
  const recs = zone(text);
  const keys = byType(recs, 'DNSKEY')
    .filter((r) => r.type === 48)
    .map((r) => parseDnskey(r.rdata));
  const sigRec = recs.find((r) => r.type === 46) as WireRecord;
  const rrset = recs.filter((r) => r.type !== 46 && r.type !== 48 && r.type !== 43);
  const sig = parseRrsig(sigRec);
  return {
    keys,
    sig,
    rrset,
    recs,
    verdict: verifyRrset(rrset, [sig], name('example.net'), keys, ctx(now)),
  };
}

describe('RFC 5702 §6 (RSA/SHA-256, RSA/SHA-512)', () => {
  it('6.1: key tag 9033, signed data bytes and signature verify', () => {
    const { keys, sig, rrset, verdict } = check(V.RFC5702_SHA256, 1_300_000_000);
    expect(keys[0]?.keyTag).toBe(9033);
    expect(hex(signedData(sig, rrset))).toBe(
      '0001080300000e1070dbd880386d43802349076578616d706c65036e65740003777777076578616d706c65036e6574000001000100000e100004c000025b',
    );
    expect(verdict.ok).toBe(true);
  });
  it('6.2: key tag 3740 and signature verify', () => {
    const { keys, verdict } = check(V.RFC5702_SHA512, 1_300_000_000);
    expect(keys[0]?.keyTag).toBe(3740);
    expect(verdict.ok).toBe(true);
  });
  it('a changed record does not verify', () => {
    const { verdict } = check(V.RFC5702_SHA256.replace('192.0.2.91', '192.0.2.92'), 1_300_000_000);
    expect(verdict.ok).toBe(false);
  });
  it('outside the validity window is rejected (with and without skew)', () => {
    expect(check(V.RFC5702_SHA256, 1_893_456_001).verdict.ok).toBe(false); // after 2030-01-01
    expect(check(V.RFC5702_SHA256, 946_684_799).verdict.ok).toBe(false); // before 2000-01-01
    const recs = check(V.RFC5702_SHA256, 0);
    const skewed = verifyRrset(recs.rrset, [recs.sig], name('example.net'), recs.keys, {
      ...ctx(1_893_456_100),
      skew: 300,
    });
    expect(skewed.ok).toBe(true);
  });
});

describe('RFC 6605 §6 (ECDSA P-256 / P-384)', () => {
  for (const [label, text, tag, digestType] of [
    ['P-256', V.RFC6605_P256, 55648, 2],
    ['P-384', V.RFC6605_P384, 10771, 4],
  ] as const) {
    it(`${label}: key tag ${tag}, DS digest and signature verify`, () => {
      const { keys, recs, verdict } = check(text, 1_283_000_000);
      const key = keys[0];
      expect(key?.keyTag).toBe(tag);
      const ds = parseDs((recs.find((r) => r.type === 43) as WireRecord).rdata);
      expect(ds.digestType).toBe(digestType);
      expect(
        hex(
          dsDigest(lowerName(name('example.net')), key?.rdata ?? new Uint8Array(), digestType) ??
            new Uint8Array(),
        ),
      ).toBe(hex(ds.digest));
      expect(verdict.ok).toBe(true);
    });
  }
  it('P-256 signed data matches reference/dnssec.md §2.9', () => {
    const { sig, rrset } = check(V.RFC6605_P256, 1_283_000_000);
    expect(hex(signedData(sig, rrset))).toBe(
      '00010d0300000e104c88b1374c63c737d960076578616d706c65036e65740003777777076578616d706c65036e6574000001000100000e100004c0000201',
    );
  });
});

describe('RFC 8080 §6 (Ed25519 / Ed448) with erratum 4935', () => {
  for (const v of V.RFC8080) {
    const key = parseDnskey((zone(v.key)[0] as WireRecord).rdata);
    const mx = zone(V.RFC8080_MX);
    it(`alg ${v.alg} tag ${v.tag}: key tag, DS digest, corrected RRSIG verifies`, () => {
      expect(key.keyTag).toBe(v.tag);
      const ds = parseDs((zone(v.ds)[0] as WireRecord).rdata);
      expect(hex(dsDigest(lowerName(name('example.com')), key.rdata, 2) ?? new Uint8Array())).toBe(
        hex(ds.digest),
      );
      const sig = parseRrsig(zone(v.fixed)[0] as WireRecord);
      expect(verifyRrset(mx, [sig], name('example.com'), [key], ctx(1_439_000_000)).ok).toBe(true);
    });
    it(`alg ${v.alg} tag ${v.tag}: the published RRSIG (Labels 3) is rejected by the labels rule`, () => {
      const sig = parseRrsig(zone(v.published)[0] as WireRecord);
      // Cryptographically valid over data that says Labels = 3 ...
      expect(verifySignature(v.alg, key.publicKey, signedData(sig, mx), sig.signature)).toBe(true);
      // ... but example.com has 2 labels (RFC 4035 §5.3.1).
      const verdict = verifyRrset(mx, [sig], name('example.com'), [key], ctx(1_439_000_000));
      expect(verdict.ok).toBe(false);
      expect(verdict.ok ? '' : verdict.reason).toMatch(/Labels 3 exceeds/);
    });
  }
  it('Ed25519 #1 signed data matches reference/dnssec.md §2.9', () => {
    const sig = parseRrsig(zone(V.RFC8080[0].fixed)[0] as WireRecord);
    expect(hex(signedData(sig, zone(V.RFC8080_MX)))).toBe(
      '000f0f0200000e1055d4fc6055b94ce00e1d076578616d706c6503636f6d00076578616d706c6503636f6d00000f000100000e100014000a046d61696c076578616d706c6503636f6d00',
    );
  });
});

describe('RFC 4034 key tags and DS', () => {
  it('§5.4: dskey.example.com. tag 60485 and SHA-1 digest', () => {
    const recs = zone(V.RFC4034_DSKEY);
    const key = recs[0] as WireRecord;
    const ds = parseDs((recs[1] as WireRecord).rdata);
    expect(keyTag(key.rdata)).toBe(60485);
    expect(ds.keyTag).toBe(60485);
    expect(
      hex(dsDigest(lowerName(key.owner), key.rdata, 1) ?? new Uint8Array()).toUpperCase(),
    ).toBe('2BB183AF5F22588179A53B0A98631FAD1A292118');
  });
  it('§2.3: example.com. DNSKEY has tag 2642', () => {
    expect(keyTag((zone(V.RFC4034_EXAMPLE_KEY)[0] as WireRecord).rdata)).toBe(2642);
  });
  it('§2.8: IANA root KSKs have tags 20326 and 38696 and the published SHA-256 DS', () => {
    const keys = zone(V.ROOT_KSKS);
    expect(keys.map((k) => keyTag(k.rdata))).toEqual([20326, 38696]);
    const digests = keys.map((k) =>
      hex(dsDigest(new Uint8Array([0]), k.rdata, 2) ?? new Uint8Array()).toUpperCase(),
    );
    expect(digests).toEqual([
      'E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D',
      '683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16',
    ]);
  });
});

describe('RFC 5155 Appendix A hashes', () => {
  const salt = Uint8Array.from([0xaa, 0xbb, 0xcc, 0xdd]);
  const cases: [string, string][] = [
    ['example', '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom'],
    ['a.example', '35mthgpgcu1qg68fab165klnsnk3dpvl'],
    ['ai.example', 'gjeqe526plbf1g8mklp59enfd789njgi'],
    ['ns1.example', '2t7b4g4vsa5smi47k61mv5bv1a22bojr'],
    ['ns2.example', 'q04jkcevqvmu85r014c7dkba38o0ji5r'],
    ['w.example', 'k8udemvp1j2f7eg6jebps17vp3n8i58h'],
    ['*.w.example', 'r53bq7cc2uvmubfu5ocmm6pers9tk9en'],
    ['x.w.example', 'b4um86eghhds6nea196smvmlo4ors995'],
    ['y.w.example', 'ji6neoaepv8b5o6k4ev33abha8ht9fgc'],
    ['x.y.w.example', '2vptu5timamqttgl4luu9kg21e0aor3s'],
    ['xx.example', 't644ebqk9bibcna874givr6joj62mlhv'],
    ['2t7b4g4vsa5smi47k61mv5bv1a22bojr.example', 'kohar7mbb8dc2ce8a9qvl8hon4k53uhi'],
    ['c.x.w.example', '0va5bpr2ou0vk0lbqeeljri88laipsfh'],
    ['*.x.w.example', '92pqneegtaue7pjatc3l3qnk738c6v5m'],
    ['EXAMPLE', '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom'],
  ];
  it.each(cases)('H(%s) = %s', (n, h) => {
    expect(base32hex(nsec3Hash(name(n), salt, 12))).toBe(h);
  });
  it('other parameters (dnspython / Knot vectors)', () => {
    const s = Uint8Array.from(Buffer.from('9F1AB450CF71D6', 'hex'));
    expect(base32hex(nsec3Hash(name('example.com'), s, 0))).toBe(
      'qfo2sv6jaej4cm11a3npoorfrckdao2c',
    );
    expect(base32hex(nsec3Hash(name('example.com'), s, 1))).toBe(
      '1nr64to0bb861lku97deb4ubbk6cl5qh',
    );
    expect(base32hex(nsec3Hash(name('test.domain.dev.'), new Uint8Array(), 6))).toBe(
      '8q98lv9jgkhoq272e42c8blesivia7bu',
    );
  });
});
