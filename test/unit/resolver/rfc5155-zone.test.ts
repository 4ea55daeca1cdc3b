import { describe, expect, it } from 'vitest';
import { createResolver } from '../../../main/resolver/create-resolver';
import type { ResolverLimits } from '../../../main/resolver/options';
import { parseTrustAnchors } from '../../../main/resolver/trust-anchors';
import { FakeUpstream, zone } from './support/fake-dns';
import * as Z from './support/rfc5155-zone';

function world(): FakeUpstream {
  return new FakeUpstream().on('example', 'DNSKEY', { answer: zone(Z.KEYS) });
}

function resolver(up: FakeUpstream, opts: { now?: number; limits?: Partial<ResolverLimits> } = {}) {
  return createResolver({
    transport: up.transport,
    trustAnchors: parseTrustAnchors(Z.ANCHOR),
    now: () => opts.now ?? Z.NOW,
    cache: false,
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
}

const nx = (authority: string) => ({ rcode: 3, authority: zone(Z.SOA + authority) });
const nodata = (authority: string) => ({ authority: zone(Z.SOA + authority) });

describe('RFC 5155 Appendix B through the resolver (fake upstream, fixed clock)', () => {
  it('B.1 name error: complete proof, but next closer is opt-out => insecure NXDOMAIN', async () => {
    const up = world().on('a.c.x.w.example', 'A', nx(Z.B1_NC + Z.B1_CE + Z.B1_WC));
    const a = await resolver(up).resolve('a.c.x.w.example', 'A');
    expect(a.rcode).toBe('NXDOMAIN');
    expect(a.status).toBe('insecure');
    expect(a.reason).toMatch(/opt-out/);
  });
  it.each([
    ['no closest encloser', Z.B1_NC + Z.B1_WC],
    ['no next closer', Z.B1_CE + Z.B1_WC],
    ['no wildcard', Z.B1_NC + Z.B1_CE],
  ])('B.1 with %s => bogus', async (_label, authority) => {
    const up = world().on('a.c.x.w.example', 'A', nx(authority));
    expect((await resolver(up).resolve('a.c.x.w.example', 'A')).status).toBe('bogus');
  });
  it('B.2 no data => secure NODATA', async () => {
    const up = world().on('ns1.example', 'MX', nodata(Z.B2));
    const a = await resolver(up).resolve('ns1.example', 'MX');
    expect([a.status, a.rcode, a.answers.length]).toEqual(['secure', 'NOERROR', 0]);
  });
  it('B.2 answering a type the NSEC3 lists => bogus', async () => {
    const up = world().on('ns1.example', 'A', nodata(Z.B2));
    expect((await resolver(up).resolve('ns1.example', 'A')).status).toBe('bogus');
  });
  it('B.2.1 empty non-terminal => secure NODATA', async () => {
    const up = world().on('y.w.example', 'A', nodata(Z.B21));
    expect((await resolver(up).resolve('y.w.example', 'A')).status).toBe('secure');
  });
  it('B.4 wildcard expansion with next-closer proof => secure', async () => {
    const up = world().on('a.z.w.example', 'MX', {
      answer: zone(Z.B4_ANSWER),
      authority: zone(Z.B4_NC),
    });
    const a = await resolver(up).resolve('a.z.w.example', 'MX');
    expect(a.status).toBe('secure');
    expect(a.answers).toMatchObject([{ name: 'a.z.w.example', type: 'MX', data: '1 ai.example.' }]);
    expect(a.reason).toMatch(/wildcard/);
  });
  it('B.4 wildcard expansion without the NSEC3 proof => bogus', async () => {
    const up = world().on('a.z.w.example', 'MX', { answer: zone(Z.B4_ANSWER) });
    expect((await resolver(up).resolve('a.z.w.example', 'MX')).status).toBe('bogus');
  });
  it('B.5 wildcard no data => secure', async () => {
    const up = world().on('a.z.w.example', 'AAAA', nodata(Z.B5_CE + Z.B4_NC + Z.B5_WC));
    expect((await resolver(up).resolve('a.z.w.example', 'AAAA')).status).toBe('secure');
  });
  it('B.5 without the wildcard NSEC3 => bogus', async () => {
    const up = world().on('a.z.w.example', 'AAAA', nodata(Z.B5_CE + Z.B4_NC));
    expect((await resolver(up).resolve('a.z.w.example', 'AAAA')).status).toBe('bogus');
  });
  it('a tampered answer => bogus', async () => {
    const up = world().on('a.z.w.example', 'MX', {
      answer: zone(Z.B4_ANSWER.replace('MX 1 ai', 'MX 2 ai')),
      authority: zone(Z.B4_NC),
    });
    expect((await resolver(up).resolve('a.z.w.example', 'MX')).status).toBe('bogus');
  });
  it('signatures expired (clock after 2015-04-20) => bogus, with the date in the reason', async () => {
    const up = world().on('ns1.example', 'MX', nodata(Z.B2));
    const a = await resolver(up, { now: Date.UTC(2016, 0, 1) }).resolve('ns1.example', 'MX');
    expect(a.status).toBe('bogus');
    expect(a.reason).toMatch(/expired/);
  });
  it('signatures not yet valid (clock in 2004) => bogus', async () => {
    const up = world().on('ns1.example', 'MX', nodata(Z.B2));
    expect(
      (await resolver(up, { now: Date.UTC(2004, 0, 1) }).resolve('ns1.example', 'MX')).status,
    ).toBe('bogus');
  });
  it('NSEC3 iterations above the limit => insecure (RFC 9276)', async () => {
    const up = world().on('ns1.example', 'MX', nodata(Z.B2));
    const a = await resolver(up, { limits: { maxNsec3Iterations: 10 } }).resolve(
      'ns1.example',
      'MX',
    );
    expect(a.status).toBe('insecure');
    expect(a.reason).toMatch(/12 iterations, above the limit of 10/);
  });
  it('unsigned NODATA inside the signed zone => bogus (downgrade)', async () => {
    const up = world()
      .on('ns1.example', 'MX', { authority: zone(Z.SOA).filter((r) => r.type !== 46) })
      .on('ns1.example', 'DS', nodata(Z.B2));
    const a = await resolver(up).resolve('ns1.example', 'MX');
    expect(a.status).toBe('bogus');
    expect(a.reason).toMatch(/without NSEC\/NSEC3 proof/);
  });
  it('no trust anchor for the name => indeterminate', async () => {
    const up = world().on('www.other', 'A', { answer: zone('www.other. 60 A 192.0.2.1') });
    const a = await resolver(up).resolve('www.other', 'A');
    expect(a.status).toBe('indeterminate');
    expect(a.reason).toMatch(/no trust anchor/);
  });
});

describe('RFC 5155 B.3: unsigned delegation in an opt-out span', () => {
  it('mc.c.example: DS c.example denied by the opt-out span => insecure', async () => {
    const up = world()
      .on('mc.c.example', 'MX', { answer: zone('mc.c.example. 3600 MX 1 mx.c.example.') })
      .on('c.example', 'DS', { authority: zone(Z.SOA + Z.B1_NC + Z.B1_WC) });
    const a = await resolver(up).resolve('mc.c.example', 'MX');
    expect(a.status).toBe('insecure');
    expect(a.reason).toMatch(/opt-out/);
  });
  it('without the NSEC3 covering c.example => bogus', async () => {
    const up = world()
      .on('mc.c.example', 'MX', { answer: zone('mc.c.example. 3600 MX 1 mx.c.example.') })
      .on('c.example', 'DS', { authority: zone(Z.SOA + Z.B1_NC) });
    expect((await resolver(up).resolve('mc.c.example', 'MX')).status).toBe('bogus');
  });
});

describe('NSEC3 work limit (CVE-2023-50868)', () => {
  it('a closest-encloser proof that needs more hashes than allowed => bogus, hashes counted', async () => {
    const up = world().on('a.c.x.w.example', 'A', nx(Z.B1_NC + Z.B1_CE + Z.B1_WC));
    const r = resolver(up, { limits: { maxNsec3HashesPerLookup: 2 } });
    const a = await r.resolve('a.c.x.w.example', 'A');
    expect(a.status).toBe('bogus');
    expect(a.reason).toMatch(/NSEC3 work limit/);
    expect(r.stats().nsec3Hashes).toBeLessThanOrEqual(2);
  });
});

describe('NSEC3 records a validator must ignore (RFC 5155 §8.2)', () => {
  const withFlags = (text: string, flags: number) =>
    text.replace(/NSEC3 1 1 12/g, `NSEC3 1 ${flags} 12`);
  it('unknown flags or hash algorithm: the records are ignored (no proof left)', async () => {
    const { Nsec3Set, parseNsec3 } = await import('../../../main/resolver/dnssec/nsec3');
    const { WorkBudget, DEFAULT_LIMITS } =
      await import('../../../main/resolver/dnssec/work-budget');
    const { name } = await import('./support/fake-dns');
    const recs = zone(withFlags(Z.B2, 2)).filter((r) => r.type === 50);
    const set = new Nsec3Set(
      recs.map((r) => parseNsec3(r)!),
      name('example'),
      new WorkBudget(DEFAULT_LIMITS),
    );
    expect(set.empty).toBe(true);
    const hashAlg2 = zone(Z.B2.replace('NSEC3 1 1 12', 'NSEC3 2 1 12')).filter(
      (r) => r.type === 50,
    );
    expect(
      new Nsec3Set(
        hashAlg2.map((r) => parseNsec3(r)!),
        name('example'),
        new WorkBudget(DEFAULT_LIMITS),
      ).empty,
    ).toBe(true);
  });
});
