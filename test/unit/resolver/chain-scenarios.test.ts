import { describe, expect, it } from 'vitest';
import { createResolver } from '../../../main/resolver/create-resolver';
import type { ResolverLimits } from '../../../main/resolver/options';
import { keyTag } from '../../../main/resolver/dnssec/records';
import type { WireRecord } from '../../../main/resolver/wire/message';
import { FakeUpstream, zone } from './support/fake-dns';
import { TestZone, makeKey } from './support/test-signer';

const NOW = Date.UTC(2026, 0, 1);
const root = new TestZone('test.', 15);
const a = new TestZone('a.test.', 13);
const rsa = new TestZone('rsa.test.', 8);
const bad = new TestZone('bad.test.', 15);
const other = new TestZone('bad.test.', 15);
const soa = (z: TestZone) =>
  z.signed(`${z.name}. 300 SOA ns.${z.name}. h.${z.name}. 1 3600 600 86400 300`);

function upstream(): FakeUpstream {
  const up = new FakeUpstream()
    .on('test', 'DNSKEY', { answer: root.keyAnswer() })
    .on('a.test', 'DS', { answer: [a.ds(), root.sign([a.ds()])] })
    .on('a.test', 'DNSKEY', { answer: a.keyAnswer() })
    .on('rsa.test', 'DS', { answer: [rsa.ds(), root.sign([rsa.ds()])] })
    .on('rsa.test', 'DNSKEY', { answer: rsa.keyAnswer() })
    .on('www.a.test', 'A', { answer: a.signed('www.a.test. 300 A 192.0.2.1') })
    .on('www.rsa.test', 'A', { answer: rsa.signed('www.rsa.test. 300 A 192.0.2.8') })
    .on('u.test', 'DS', {
      authority: [...soa(root), ...root.signed('u.test. 300 NSEC v.test. NS RRSIG NSEC')],
    })
    .on('www.u.test', 'A', { answer: zone('www.u.test. 300 A 192.0.2.66') })
    .on('alias.test', 'A', {
      answer: [
        ...root.signed('alias.test. 300 CNAME www.a.test.'),
        ...a.signed('www.a.test. 300 A 192.0.2.1'),
      ],
    })
    .on('far.test', 'A', { answer: root.signed('far.test. 300 CNAME www.a.test.') })
    .on('l1.test', 'A', {
      answer: root.signed('l1.test. 300 CNAME l2.test.\nl2.test. 300 CNAME l1.test.'),
    })
    .on('www.d.test', 'A', {
      answer: [
        ...root.signed('d.test. 300 DNAME a.test.'),
        ...zone('www.d.test. 300 CNAME www.a.test.'),
        ...a.signed('www.a.test. 300 A 192.0.2.1'),
      ],
    })
    .on('bad.test', 'DS', { answer: [other.ds(), root.sign([other.ds()])] })
    .on('bad.test', 'DNSKEY', { answer: bad.keyAnswer() })
    .on('www.bad.test', 'A', { answer: bad.signed('www.bad.test. 300 A 192.0.2.3') });
  const algDs = zone(
    'alg.test. 300 DS 12345 200 2 0011223344556677889900112233445566778899001122334455667788990011',
  );
  up.on('alg.test', 'DS', { answer: [...algDs, root.sign(algDs)] }).on('www.alg.test', 'A', {
    answer: zone('www.alg.test. 300 A 192.0.2.200'),
  });
  return up;
}

function resolver(up: FakeUpstream, limits: Partial<ResolverLimits> = {}, now = NOW) {
  return createResolver({
    transport: up.transport,
    trustAnchors: [root.anchor()],
    now: () => now,
    cache: false,
    limits,
  });
}

describe('chain of trust (keys signed at test time, fake upstream)', () => {
  it('secure answer two zones down (Ed25519 over P-256)', async () => {
    const r = await resolver(upstream()).resolve('www.a.test', 'A');
    expect(r).toMatchObject({
      status: 'secure',
      rcode: 'NOERROR',
      answers: [{ name: 'www.a.test', type: 'A', data: '192.0.2.1' }],
    });
  });
  it('RSA/SHA-256 zone', async () => {
    expect((await resolver(upstream()).resolve('www.rsa.test', 'A')).status).toBe('secure');
  });
  it('names are case-insensitive and a trailing dot is fine', async () => {
    expect((await resolver(upstream()).resolve('WWW.A.Test.', 'A')).status).toBe('secure');
  });
  it('unsigned delegation proven by NSEC => insecure, data returned', async () => {
    const r = await resolver(upstream()).resolve('www.u.test', 'A');
    expect(r.status).toBe('insecure');
    expect(r.answers[0]?.data).toBe('192.0.2.66');
    expect(r.reason).toMatch(/u\.test\. is a delegation without DS/);
  });
  it('missing RRSIG in a signed zone (downgrade) => bogus, no data', async () => {
    const up = upstream()
      .on('www.a.test', 'A', { answer: zone('www.a.test. 300 A 192.0.2.1') })
      .on('www.a.test', 'DS', {
        authority: [...soa(a), ...a.signed('www.a.test. 300 NSEC a.test. A RRSIG NSEC')],
      });
    const r = await resolver(up).resolve('www.a.test', 'A');
    expect(r.status).toBe('bogus');
    expect(r.reason).toMatch(/no RRSIG although a\.test\. is signed/);
    expect(r.answers).toEqual([]);
  });
  it('tampered record => bogus', async () => {
    const recs = a.signed('www.a.test. 300 A 192.0.2.1');
    const tampered = recs.map((r): WireRecord =>
      r.type === 1 ? { ...r, rdata: Uint8Array.from([192, 0, 2, 99]) } : r,
    );
    expect(
      (
        await resolver(upstream().on('www.a.test', 'A', { answer: tampered })).resolve(
          'www.a.test',
          'A',
        )
      ).status,
    ).toBe('bogus');
  });
  it('expired and not-yet-valid signatures => bogus', async () => {
    const t = Math.floor(NOW / 1000);
    const old = upstream().on('www.a.test', 'A', {
      answer: a.signed('www.a.test. 300 A 192.0.2.1', {
        inception: t - 9000,
        expiration: t - 3600,
      }),
    });
    const early = upstream().on('www.a.test', 'A', {
      answer: a.signed('www.a.test. 300 A 192.0.2.1', {
        inception: t + 3600,
        expiration: t + 9000,
      }),
    });
    expect((await resolver(old).resolve('www.a.test', 'A')).reason).toMatch(/expired/);
    expect((await resolver(early).resolve('www.a.test', 'A')).reason).toMatch(/not valid before/);
  });
  it('DS that matches no DNSKEY => bogus', async () => {
    const r = await resolver(upstream()).resolve('www.bad.test', 'A');
    expect(r.status).toBe('bogus');
    expect(r.reason).toMatch(/no DNSKEY of bad\.test\. matches/);
  });
  it('DS with an unsupported algorithm => insecure, not bogus', async () => {
    const r = await resolver(upstream()).resolve('www.alg.test', 'A');
    expect(r.status).toBe('insecure');
    expect(r.reason).toMatch(/unsupported|does not support/);
  });
  it('revoked key cannot sign', async () => {
    const z = new TestZone('rev.test.', 15);
    const revoked = makeKey(15, 256 | 0x80);
    z.extraKeys = [revoked];
    const up = upstream()
      .on('rev.test', 'DS', { answer: [z.ds(), root.sign([z.ds()])] })
      .on('rev.test', 'DNSKEY', { answer: z.keyAnswer() })
      .on('www.rev.test', 'A', {
        answer: z.signed('www.rev.test. 300 A 192.0.2.4', { key: revoked }),
      });
    expect((await resolver(up).resolve('www.rev.test', 'A')).status).toBe('bogus');
  });
  it('CNAME across zones, each link validated', async () => {
    const r = await resolver(upstream()).resolve('alias.test', 'A');
    expect(r.status).toBe('secure');
    expect(r.answers.map((x) => `${x.name} ${x.type}`)).toEqual([
      'alias.test CNAME',
      'www.a.test A',
    ]);
  });
  it('CNAME whose target is not in the response: the resolver asks for it', async () => {
    const r = await resolver(upstream()).resolve('far.test', 'A');
    expect(r.status).toBe('secure');
    expect(r.answers.map((x) => x.type)).toEqual(['CNAME', 'A']);
  });
  it('CNAME loop => bogus', async () => {
    const r = await resolver(upstream()).resolve('l1.test', 'A');
    expect(r.status).toBe('bogus');
    expect(r.reason).toMatch(/loop/);
  });
  it('DNAME with an unsigned synthesised CNAME => secure', async () => {
    const up = upstream();
    const r = await resolver(up).resolve('www.d.test', 'A');
    expect(r.status).toBe('secure');
    expect(r.answers.map((x) => x.type)).toEqual(['DNAME', 'CNAME', 'A']);
  });
  it('a signature in one link fails => the whole answer is bogus', async () => {
    const up = upstream().on('alias.test', 'A', {
      answer: [
        ...root.signed('alias.test. 300 CNAME www.a.test.', { corrupt: true }),
        ...a.signed('www.a.test. 300 A 192.0.2.1'),
      ],
    });
    expect((await resolver(up).resolve('alias.test', 'A')).status).toBe('bogus');
  });
  it('no anchor in the configuration for the name => indeterminate', async () => {
    expect((await resolver(upstream()).resolve('example.org', 'A')).status).toBe('indeterminate');
  });
  it('upstream unreachable => indeterminate', async () => {
    const r = await createResolver({
      transport: () => Promise.reject(new Error('boom')),
      trustAnchors: [root.anchor()],
      now: () => NOW,
    }).resolve('www.a.test', 'A');
    expect(r.status).toBe('indeterminate');
  });
});

describe('KeyTrap and work limits', () => {
  function collidingKeys(target: number, count: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; out.length < count; i++) {
      const rd = Uint8Array.from([1, 0, 3, 15, ...Buffer.alloc(32, i % 251)]);
      rd[4] = i & 0xff;
      rd[5] = (i >> 8) & 0xff;
      for (let w = 0; w < 65536; w++) {
        rd[34] = w >> 8;
        rd[35] = w & 0xff;
        if (keyTag(rd) === target) {
          out.push(rd.slice());
          break;
        }
      }
    }
    return out;
  }

  it('many colliding keys and many signatures: work stays bounded', async () => {
    const z = new TestZone('kt.test.', 15);
    const fake = collidingKeys(z.zsk.tag, 40).map((rdata): WireRecord => ({
      owner: z.origin,
      type: 48,
      klass: 1,
      ttl: 3600,
      rdata,
    }));
    const keys = [...z.dnskeys(), ...fake];
    const a1 = zone('www.kt.test. 300 A 192.0.2.5');
    const junkSigs = Array.from({ length: 40 }, () => z.sign(a1, { corrupt: true }));
    const up = upstream()
      .on('kt.test', 'DS', { answer: [z.ds(), root.sign([z.ds()])] })
      .on('kt.test', 'DNSKEY', { answer: [...keys, z.sign(keys)] })
      .on('www.kt.test', 'A', { answer: [...a1, ...junkSigs, z.sign(a1)] });
    const r = resolver(up);
    const ans = await r.resolve('www.kt.test', 'A');
    expect(ans.status).toBe('bogus');
    expect(ans.reason).toMatch(/KeyTrap|limit/);
    // Naive validation would try 40 signatures x 41 keys = 1640 verifications.
    expect(r.stats().verifications).toBeLessThanOrEqual(16 + 4);
  });
  it('the per-lookup verification budget stops a long chain', async () => {
    const r = resolver(upstream(), { maxVerificationsPerLookup: 2 });
    const ans = await r.resolve('www.a.test', 'A');
    expect(ans.status).toBe('bogus');
    expect(ans.reason).toMatch(/work limit/);
    expect(r.stats().verifications).toBeLessThanOrEqual(2);
  });
  it('the per-lookup query budget stops endless delegation walks', async () => {
    const r = resolver(upstream(), { maxQueriesPerLookup: 2 });
    const ans = await r.resolve('www.a.test', 'A');
    expect(ans.status).toBe('indeterminate');
    expect(ans.reason).toMatch(/query limit/);
    expect(r.stats().queries).toBeLessThanOrEqual(2);
  });
  it('chain length limit', async () => {
    const links = Array.from(
      { length: 15 },
      (_, i) => `c${i}.test. 300 CNAME c${i + 1}.test.`,
    ).join('\n');
    const up = upstream().on('c0.test', 'A', { answer: root.signed(links) });
    const ans = await resolver(up).resolve('c0.test', 'A');
    expect(ans.status).toBe('bogus');
    expect(ans.reason).toMatch(/chain longer than 10/);
  });
  it('delegation depth limit', async () => {
    const deep = `${Array.from({ length: 40 }, () => 'x').join('.')}.test`;
    const ans = await resolver(
      upstream().on(deep, 'A', { answer: zone(`${deep}. 300 A 192.0.2.1`) }),
    ).resolve(deep, 'A');
    expect(ans.status).toBe('bogus');
    expect(ans.reason).toMatch(/more than 32 labels/);
  });
});

describe('CNAME to a name the same response denies', () => {
  it('NXDOMAIN for the target is validated from the same response (no extra query)', async () => {
    const up = upstream().on('dangling.test', 'A', {
      rcode: 3,
      answer: root.signed('dangling.test. 300 CNAME gone.test.'),
      authority: [
        ...root.signed('test. 300 SOA ns.test. h.test. 1 3600 600 86400 300'),
        ...root.signed(
          'test. 300 NSEC www.test. NS SOA RRSIG NSEC DNSKEY\nfoo.test. 300 NSEC test. A RRSIG NSEC',
        ),
      ],
    });
    const r = await resolver(up).resolve('dangling.test', 'A');
    expect(r).toMatchObject({ status: 'secure', rcode: 'NXDOMAIN', answers: [{ type: 'CNAME' }] });
    expect(up.queries).not.toContain('gone.test/1');
  });
  it('SHA-1 DS is ignored when a SHA-256 DS is there (RFC 4509 §3)', async () => {
    const z = new TestZone('dg.test.', 15);
    const wrong256 = { ...z.ds(2), rdata: z.ds(2).rdata.map((b, i) => (i > 10 ? b ^ 1 : b)) };
    const dsSet = [z.ds(1), wrong256];
    const up = upstream()
      .on('dg.test', 'DS', { answer: [...dsSet, root.sign(dsSet)] })
      .on('dg.test', 'DNSKEY', { answer: z.keyAnswer() })
      .on('www.dg.test', 'A', { answer: z.signed('www.dg.test. 300 A 192.0.2.9') });
    expect((await resolver(up).resolve('www.dg.test', 'A')).status).toBe('bogus');
  });
});

describe('signature games', () => {
  it('an extra forged RRSIG from another signer does not spoil a valid answer', async () => {
    const recs = a.signed('www.a.test. 300 A 192.0.2.1');
    const forged = root.sign(zone('www.a.test. 300 A 192.0.2.1'), { corrupt: true });
    const up = upstream().on('www.a.test', 'A', { answer: [forged, ...recs] });
    expect((await resolver(up).resolve('www.a.test', 'A')).status).toBe('secure');
  });
  it('only an unsupported-algorithm RRSIG in a signed zone => bogus, not insecure', async () => {
    const rec = zone('www.a.test. 300 A 192.0.2.1');
    const sig = a.sign(rec);
    const alien = { ...sig, rdata: sig.rdata.map((b, i) => (i === 2 ? 200 : b)) };
    const up = upstream().on('www.a.test', 'A', { answer: [...rec, alien] });
    const r = await resolver(up).resolve('www.a.test', 'A');
    expect(r.status).toBe('bogus');
    expect(r.reason).toMatch(/unsupported algorithms/);
  });
});
