import { describe, expect, it } from 'vitest';
import { AnswerValidator } from '../../../main/resolver/answer-validator';
import { NsecSet, parseNsec } from '../../../main/resolver/dnssec/nsec';
import { parseDnskey } from '../../../main/resolver/dnssec/records';
import { DEFAULT_LIMITS, WorkBudget } from '../../../main/resolver/dnssec/work-budget';
import type { LookupContext, ZoneFinder } from '../../../main/resolver/lookup-context';
import { parseMessage } from '../../../main/resolver/wire/message';
import { type Name, compareNames, nameToText } from '../../../main/resolver/wire/name';
import { encodeMessage, name, type, zone } from './support/fake-dns';

/** RFC 4035 Appendix A zone key (ZSK, tag 38519, RSASHA1); signatures valid 2004-04-09 .. 2004-05-09. */
const ZSK = `example. 3600 DNSKEY 256 3 5 AQOy1bZVvpPqhg4j7EJoM9rI3ZmyEx2OzDBVrZy/lvI5CQePxXHZS4i8dANH4DX3tbHol61ek8EFMcsGXxKciJFHyhl94C+NwILQdzsUlSFovBZsyl/NX6yEbtw/xN9ZNcrbYvgjjZ/UVPZIySFNsgEYvh0z2542lzMKR4Dh8uZffQ==`;
const NOW = Math.floor(Date.UTC(2004, 3, 20) / 1000);

const B2 = `
example.       3600 IN SOA ns1.example. bugs.x.w.example. ( 1081539377 3600 300 3600000 3600 )
example.       3600 RRSIG  SOA 5 1 3600 20040509183619 ( 20040409183619 38519 example.
               ONx0k36rcjaxYtcNgq6iQnpNV5+drqYAsC9h 7TSJaHCqbhE67Sr6aH2xDUGcqQWu/n0UVzrF
               vkgO9ebarZ0GWDKcuwlM6eNB5SiX2K74l5LW DA7S/Un/IbtDq4Ay8NMNLQI7Dw7n4p8/rjkB
               jV7j86HyQgM5e7+miRAz8V01b0I= )
b.example.     3600 NSEC   ns1.example. NS RRSIG NSEC
b.example.     3600 RRSIG  NSEC 5 2 3600 20040509183619 ( 20040409183619 38519 example.
               GNuxHn844wfmUhPzGWKJCPY5ttEX/RfjDoOx 9ueK1PtYkOWKOOdiJ/PJKCYB3hYX+858dDWS
               xb2qnV/LSTCNVBnkm6owOpysY97MVj5VQEWs 0lm9tFoqjcptQkmQKYPrwUnCSNwvvclSF1xZ
               vhRXgWT7OuFXldoCG6TfVFMs9xE= )
example.       3600 NSEC   a.example. NS SOA MX RRSIG NSEC DNSKEY
example.       3600 RRSIG  NSEC 5 1 3600 20040509183619 ( 20040409183619 38519 example.
               O0k558jHhyrC97ISHnislm4kLMW48C7U7cBm FTfhke5iVqNRVTB1STLMpgpbDIC9hcryoO0V
               Z9ME5xPzUEhbvGnHd5sfzgFVeGxr5Nyyq4tW SDBgIBiLQUv1ivy29vhXy7WgR62dPrZ0PWvm
               jfFJ5arXf4nPxp/kEowGgBRzY/U= )
`;

const B6_ANSWER = `
a.z.w.example. 3600 IN MX  1 ai.example.
a.z.w.example. 3600 RRSIG  MX 5 2 3600 20040509183619 ( 20040409183619 38519 example.
               OMK8rAZlepfzLWW75Dxd63jy2wswESzxDKG2 f9AMN1CytCd10cYISAxfAdvXSZ7xujKAtPbc
               tvOQ2ofO7AZJ+d01EeeQTVBPq4/6KCWhqe2X TjnkVLNvvhnc0u28aoSsG0+4InvkkOHknKxw
               4kX18MMR34i8lC36SR5xBni8vHI= )
`;
const B6_NSEC = `
x.y.w.example. 3600 NSEC   xx.example. MX RRSIG NSEC
x.y.w.example. 3600 RRSIG  NSEC 5 4 3600 20040509183619 ( 20040409183619 38519 example.
               OvE6WUzN2ziieJcvKPWbCAyXyP6ef8cr6Csp ArVSTzKSquNwbezZmkU7E34o5lmb6CWSSSpg
               xw098kNUFnHcQf/LzY2zqRomubrNQhJTiDTX a0ArunJQCzPjOYq5t0SLjm6qp6McJI1AP5Vr
               QoKqJDCLnoAlcPOPKAm/jJkn3jk= )
`;

/** The zone "example." is secure with the RFC's ZSK (the RFC gives no DNSKEY RRSIG to chain from). */
const finder: ZoneFinder = {
  findZone: () =>
    Promise.resolve({
      kind: 'secure',
      zone: name('example'),
      keys: zone(ZSK).map((r) => parseDnskey(r.rdata)),
      ttl: 3600,
      anchor: name('example'),
    }),
};
const ctx = (): LookupContext => ({
  now: NOW,
  skew: 0,
  budget: new WorkBudget(DEFAULT_LIMITS),
  inflight: new Map(),
  visited: new Set(),
  hops: 0,
});
const msg = (qname: string, qtype: string, rcode: number, answer: string, authority: string) =>
  parseMessage(
    encodeMessage({
      qname: name(qname),
      qtype: type(qtype),
      rcode,
      answer: zone(answer),
      authority: zone(authority),
    }),
  );

describe('RFC 4035 Appendix B (NSEC, RSASHA1) with a fixed clock', () => {
  const v = new AnswerValidator(finder);
  it('B.2 name error ml.example => secure NXDOMAIN', async () => {
    const out = await v.validate(
      ctx(),
      msg('ml.example', 'A', 3, '', B2),
      name('ml.example'),
      type('A'),
    );
    expect([out.status, out.rcode]).toEqual(['secure', 3]);
  });
  it('B.2 without the wildcard-covering NSEC => bogus', async () => {
    const noWild = B2.slice(0, B2.indexOf('example.       3600 NSEC'));
    const out = await v.validate(
      ctx(),
      msg('ml.example', 'A', 3, '', noWild),
      name('ml.example'),
      type('A'),
    );
    expect(out.status).toBe('bogus');
    expect(out.reason).toMatch(/wildcard/);
  });
  it('B.6 wildcard expansion with the covering NSEC => secure', async () => {
    const out = await v.validate(
      ctx(),
      msg('a.z.w.example', 'MX', 0, B6_ANSWER, B6_NSEC),
      name('a.z.w.example'),
      type('MX'),
    );
    expect(out.status).toBe('secure');
  });
  it('B.6 without the NSEC => bogus', async () => {
    const out = await v.validate(
      ctx(),
      msg('a.z.w.example', 'MX', 0, B6_ANSWER, ''),
      name('a.z.w.example'),
      type('MX'),
    );
    expect(out.status).toBe('bogus');
  });
  it('B.6 after the signatures expired => bogus', async () => {
    const late = { ...ctx(), now: Math.floor(Date.UTC(2004, 5, 1) / 1000) };
    const out = await v.validate(
      late,
      msg('a.z.w.example', 'MX', 0, B6_ANSWER, B6_NSEC),
      name('a.z.w.example'),
      type('MX'),
    );
    expect(out.status).toBe('bogus');
  });
});

describe('NSEC proof logic', () => {
  const set = (text: string) => new NsecSet(zone(text).map(parseNsec), name('example'));
  const chain = set(`
example. NSEC a.example. NS SOA RRSIG NSEC DNSKEY
a.example. NSEC b.example. NS DS RRSIG NSEC
b.example. NSEC x.y.example. NS RRSIG NSEC
x.y.example. NSEC z.example. A RRSIG NSEC
z.example. NSEC example. MX RRSIG NSEC
`);
  it('NODATA when the type bit is clear', () => {
    expect(chain.nodata(name('x.y.example'), type('MX')).status).toBe('secure');
    expect(chain.nodata(name('x.y.example'), type('A')).status).toBe('bogus');
  });
  it('empty non-terminal (next name below the query name)', () => {
    expect(chain.nodata(name('y.example'), type('A')).status).toBe('secure');
  });
  it('parent-side NSEC at a delegation proves nothing but DS', () => {
    expect(chain.nodata(name('b.example'), type('A')).status).toBe('bogus');
    expect(chain.nodata(name('b.example'), type('DS')).status).toBe('secure');
    expect(chain.cover(name('www.b.example'))).toBeUndefined();
  });
  it('the last NSEC wraps to the apex', () => {
    expect(chain.cover(name('zz.example'))).toBeDefined();
  });
  it('DS probes: unsigned delegation, signed delegation, no cut, nonexistent', () => {
    expect(chain.cutProbe(name('b.example')).kind).toBe('insecure');
    expect(chain.cutProbe(name('a.example')).kind).toBe('bogus');
    expect(chain.cutProbe(name('x.y.example')).kind).toBe('no-cut');
    expect(chain.cutProbe(name('y.example')).kind).toBe('no-cut');
    expect(chain.cutProbe(name('c.example')).kind).toBe('nonexistent');
  });
});

describe('RFC 4034 §6.1 canonical name order', () => {
  it('sorts the RFC list', () => {
    const list = [
      'example',
      'a.example',
      'yljkjljk.a.example',
      'Z.a.example',
      'zABC.a.EXAMPLE',
      'z.example',
      '\\001.z.example',
      '*.z.example',
      '\\200.z.example',
    ];
    const shuffled = [...list].reverse().map(name);
    expect(shuffled.sort((x: Name, y: Name) => compareNames(x, y)).map(nameToText)).toEqual(list);
  });
});
