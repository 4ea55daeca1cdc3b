import { describe, expect, it } from 'vitest';
import { orderSrv } from '../../../main/resolver/locate/srv-order';
import type { SrvRecord } from '../../../main/resolver/rdata/srv';
import { sequence } from './fake-resolver';

const rec = (priority: number, weight: number, target: string): SrvRecord => ({
  priority,
  weight,
  port: 5061,
  target,
});

describe('RFC 2782 SRV ordering', () => {
  it('lowest priority first, whatever the weights', () => {
    const out = orderSrv([rec(20, 100, 'b'), rec(10, 0, 'a'), rec(30, 5, 'c')], () => 0.99);
    expect(out.map((r) => r.target)).toEqual(['a', 'b', 'c']);
  });

  it('weighted choice within a priority follows the random source (running sums)', () => {
    // RFC 3263 §4.1 example: server1 weight 1, server2 weight 2; total 3, pick in [0, 3].
    const records = [rec(0, 1, 'server1'), rec(0, 2, 'server2')];
    // random 0.0 -> pick 0 -> first record whose running sum >= 0 is server1.
    expect(orderSrv(records, sequence(0)).map((r) => r.target)).toEqual(['server1', 'server2']);
    // random 0.5 -> pick floor(0.5 * 4) = 2 -> running sums 1, 3: server2 first.
    expect(orderSrv(records, sequence(0.5, 0)).map((r) => r.target)).toEqual([
      'server2',
      'server1',
    ]);
  });

  it('weights steer the distribution', () => {
    let seed = 42;
    const lcg = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const counts = { heavy: 0, light: 0 };
    for (let i = 0; i < 4000; i += 1) {
      const first = orderSrv([rec(0, 10, 'light'), rec(0, 90, 'heavy')], lcg)[0]!.target;
      counts[first as 'heavy' | 'light'] += 1;
    }
    expect(counts.heavy / 4000).toBeGreaterThan(0.85);
    expect(counts.heavy / 4000).toBeLessThan(0.95);
  });

  it('zero-weight records still appear, after being pooled first', () => {
    const out = orderSrv([rec(0, 0, 'zero'), rec(0, 10, 'ten')], sequence(0.9, 0));
    expect(out.map((r) => r.target).sort()).toEqual(['ten', 'zero']);
    expect(
      orderSrv([rec(0, 0, 'zero'), rec(0, 10, 'ten')], sequence(0)).map((r) => r.target),
    ).toEqual(['zero', 'ten']);
  });

  it('a lone target "." means the service is not available', () => {
    expect(orderSrv([rec(0, 0, '')], Math.random)).toEqual([]);
  });
});
