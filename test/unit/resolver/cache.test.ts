import { describe, expect, it } from 'vitest';
import { createResolver } from '../../../main/resolver/create-resolver';
import { FakeUpstream, zone } from './support/fake-dns';
import { TestZone } from './support/test-signer';

const T0 = Date.UTC(2026, 0, 1);
const root = new TestZone('test.', 15);

function setup(answer: Parameters<FakeUpstream['on']>[2]) {
  let now = T0;
  const up = new FakeUpstream()
    .on('test', 'DNSKEY', { answer: root.keyAnswer() })
    .on('www.test', 'A', answer);
  const r = createResolver({
    transport: up.transport,
    trustAnchors: [root.anchor()],
    now: () => now,
  });
  return { up, r, advance: (s: number) => (now += s * 1000) };
}

describe('cache with an injected clock', () => {
  it('serves from cache within the TTL, counting the TTL down, then asks again', async () => {
    const { up, r, advance } = setup({ answer: root.signed('www.test. 300 A 192.0.2.1') });
    expect((await r.resolve('www.test', 'A')).answers[0]?.ttl).toBe(300);
    const sent = up.queries.length;
    advance(100);
    const again = await r.resolve('www.test', 'A');
    expect(again.status).toBe('secure');
    expect(again.answers[0]?.ttl).toBe(200);
    expect(up.queries.length).toBe(sent);
    expect(r.stats().cacheHits).toBe(1);
    advance(201);
    await r.resolve('www.test', 'A');
    expect(up.queries.slice(sent)).toEqual(['www.test/1']); // the DNSKEY is still cached
  });
  it('the RRSIG Original TTL caps the TTL', async () => {
    const recs = zone('www.test. 3600 A 192.0.2.1');
    const { r } = setup({ answer: [...recs, root.sign(recs, { originalTtl: 60 })] });
    expect((await r.resolve('www.test', 'A')).answers[0]?.ttl).toBe(60);
  });
  it('signature expiry caps the TTL', async () => {
    const t = Math.floor(T0 / 1000);
    const { up, r, advance } = setup({
      answer: root.signed('www.test. 3600 A 192.0.2.1', { expiration: t + 100 }),
    });
    expect((await r.resolve('www.test', 'A')).answers[0]?.ttl).toBe(100);
    const sent = up.queries.length;
    advance(101);
    await r.resolve('www.test', 'A');
    expect(up.queries.length).toBeGreaterThan(sent);
  });
  it('bogus answers are cached briefly (30 s), then retried', async () => {
    const { up, r, advance } = setup({
      answer: root.signed('www.test. 300 A 192.0.2.1', { corrupt: true }),
    });
    expect((await r.resolve('www.test', 'A')).status).toBe('bogus');
    const sent = up.queries.length;
    advance(10);
    expect((await r.resolve('www.test', 'A')).status).toBe('bogus');
    expect(up.queries.length).toBe(sent);
    advance(21);
    await r.resolve('www.test', 'A');
    expect(up.queries.length).toBeGreaterThan(sent);
  });
  it('clearCache forgets everything', async () => {
    const { up, r } = setup({ answer: root.signed('www.test. 300 A 192.0.2.1') });
    await r.resolve('www.test', 'A');
    const sent = up.queries.length;
    r.clearCache();
    await r.resolve('www.test', 'A');
    expect(up.queries.length).toBe(2 * sent);
  });
  it('bounded: the oldest entries go when full', async () => {
    const up = new FakeUpstream().on('test', 'DNSKEY', { answer: root.keyAnswer() });
    for (let i = 0; i < 20; i++)
      up.on(`h${i}.test`, 'A', { answer: root.signed(`h${i}.test. 300 A 192.0.2.${i}`) });
    const r = createResolver({
      transport: up.transport,
      trustAnchors: [root.anchor()],
      now: () => T0,
      cache: { maxEntries: 5 },
    });
    for (let i = 0; i < 20; i++) await r.resolve(`h${i}.test`, 'A');
    expect(r.stats().cachedEntries).toBeLessThanOrEqual(10);
  });
});
