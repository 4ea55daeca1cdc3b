import { describe, expect, it } from 'vitest';
import { createResolver } from '../../../main/resolver/create-resolver';
import type { QueryTransport } from '../../../main/resolver/options';
import { parseMessage } from '../../../main/resolver/wire/message';
import { rdataToText } from '../../../main/resolver/wire/rdata-text';
import { WireError } from '../../../main/resolver/wire/wire-error';
import { FakeUpstream, encodeMessage, name, zone } from './support/fake-dns';
import { TestZone } from './support/test-signer';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOW = Date.UTC(2026, 0, 1);
const root = new TestZone('test.', 15);
const child = new TestZone('c.test.', 13);

function world(): FakeUpstream {
  return new FakeUpstream()
    .on('test', 'DNSKEY', { answer: root.keyAnswer() })
    .on('c.test', 'DS', { answer: [child.ds(), root.sign([child.ds()])] })
    .on('c.test', 'DNSKEY', { answer: child.keyAnswer() })
    .on('www.c.test', 'A', { answer: child.signed('www.c.test. 300 A 192.0.2.1') })
    .on('alias.test', 'A', {
      answer: [
        ...root.signed('alias.test. 300 CNAME www.c.test.'),
        ...child.signed('www.c.test. 300 A 192.0.2.1'),
      ],
    })
    .on('nx.c.test', 'A', {
      rcode: 3,
      authority: [
        ...child.signed('c.test. 300 SOA ns.c.test. h.c.test. 1 2 3 4 300'),
        ...child.signed(
          'c.test. 300 NSEC www.c.test. NS SOA RRSIG NSEC DNSKEY\nwww.c.test. 300 NSEC c.test. A RRSIG NSEC',
        ),
      ],
    });
}

function mutate(b: Uint8Array, r: () => number): Uint8Array {
  const out = Array.from(b);
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const op = r();
    const pos = Math.floor(r() * out.length);
    if (op < 0.5) out[pos] = Math.floor(r() * 256);
    else if (op < 0.7) out.splice(pos, 1);
    else if (op < 0.85) out.splice(pos, 0, Math.floor(r() * 256));
    else out.length = Math.max(0, pos);
  }
  return Uint8Array.from(out);
}

describe('fuzz: parser', () => {
  it('random bytes: parseMessage returns or throws WireError, never anything else', () => {
    const r = rng(1);
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(r() * 300);
      const b = Uint8Array.from({ length: len }, () => Math.floor(r() * 256));
      if (len >= 4) b[4] = 0; // keep QDCOUNT small half the time
      if (i % 2 === 0 && len >= 12) b.set([0, 1, 0, 2, 0, 1, 0, 1], 4);
      try {
        const m = parseMessage(b);
        for (const rec of [...m.answer, ...m.authority, ...m.additional])
          expect(typeof rdataToText(rec.type, rec.rdata)).toBe('string');
      } catch (e) {
        expect(e).toBeInstanceOf(WireError);
      }
    }
  }, 60_000);
});

describe('fuzz: resolver', () => {
  it('garbage for every response never yields secure, never throws', async () => {
    const r = rng(2);
    for (let i = 0; i < 300; i++) {
      const transport: QueryTransport = (q) => {
        const junk = Uint8Array.from({ length: Math.floor(r() * 200) }, () =>
          Math.floor(r() * 256),
        );
        // Half the time wrap the junk in a header that matches the question.
        if (r() < 0.5)
          return Promise.resolve(
            Uint8Array.from([
              ...encodeMessage({ qname: q.name, qtype: q.type }).slice(0, 12 + q.name.length + 4),
              ...junk,
            ]).map((v, k) => (k === 7 ? 1 + (v % 4) : v)),
          );
        return Promise.resolve(junk);
      };
      const res = await createResolver({
        transport,
        trustAnchors: [root.anchor()],
        now: () => NOW,
        cache: false,
      }).resolve('www.c.test', 'A');
      expect(res.status).not.toBe('secure');
    }
  }, 60_000);

  it('mutated real responses: never throws, and "secure" only with the genuine data', async () => {
    const r = rng(3);
    const questions: [string, string][] = [
      ['www.c.test', 'A'],
      ['alias.test', 'A'],
      ['nx.c.test', 'A'],
    ];
    const started = Date.now();
    let secure = 0;
    for (let i = 0; i < 600; i++) {
      const up = world();
      const transport: QueryTransport = async (q, signal) => {
        const good = await up.transport(q, signal);
        return r() < 0.5 ? mutate(good, r) : good;
      };
      const [qn, qt] = questions[i % questions.length]!;
      const res = await createResolver({
        transport,
        trustAnchors: [root.anchor()],
        now: () => NOW,
        cache: false,
      }).resolve(qn, qt);
      if (res.status === 'secure') {
        secure++;
        const data = res.answers.map((a) => `${a.name} ${a.type} ${a.data}`);
        if (qn === 'nx.c.test') expect([res.rcode, data]).toEqual(['NXDOMAIN', []]);
        else expect(data.at(-1)).toBe('www.c.test A 192.0.2.1');
        if (qn === 'alias.test') expect(data[0]).toBe('alias.test CNAME www.c.test.');
      }
    }
    expect(secure).toBeGreaterThan(0); // unmutated and harmless mutations still validate
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 60_000);

  it('the fake world itself validates (sanity for the mutation test)', async () => {
    const up = world();
    const res = await createResolver({
      transport: up.transport,
      trustAnchors: [root.anchor()],
      now: () => NOW,
    }).resolve('nx.c.test', 'A');
    expect(res.status).toBe('secure');
    expect(zone('x. A 1.2.3.4')).toHaveLength(1);
    expect(name('x')).toBeDefined();
  });
});
