import type { SrvRecord } from '../rdata/srv';

/** A source of uniform random numbers in [0, 1); injectable so tests are deterministic. */
export type RandomSource = () => number;

/**
 * Orders SRV records as RFC 2782 says: ascending priority; within one priority, a weighted random
 * order (records of weight 0 first in the pool, then repeatedly pick the record whose running
 * weight sum first reaches a uniform random number in [0, total]). A lone record with target "."
 * means the service is decidedly not available: the result is empty.
 */
export function orderSrv(records: readonly SrvRecord[], random: RandomSource): SrvRecord[] {
  if (records.length === 1 && records[0]?.target === '') return [];
  const usable = records.filter((r) => r.target !== '');
  const priorities = [...new Set(usable.map((r) => r.priority))].sort((a, b) => a - b);
  const out: SrvRecord[] = [];
  for (const priority of priorities) {
    const group = usable.filter((r) => r.priority === priority);
    // Zero-weight records go first so that they have a (small) chance to be picked. RFC 2782
    // allows any order otherwise; sorting by target makes the result independent of the order
    // the records came in (a server may shuffle them), so one random source gives one answer.
    const byTarget = [...group].sort((a, b) =>
      a.target < b.target ? -1 : a.target > b.target ? 1 : a.port - b.port,
    );
    const pool = [
      ...byTarget.filter((r) => r.weight === 0),
      ...byTarget.filter((r) => r.weight > 0),
    ];
    while (pool.length > 0) {
      const total = pool.reduce((sum, r) => sum + r.weight, 0);
      const pick = Math.floor(random() * (total + 1));
      let running = 0;
      let index = pool.length - 1;
      for (let i = 0; i < pool.length; i += 1) {
        running += pool[i]?.weight ?? 0;
        if (running >= pick) {
          index = i;
          break;
        }
      }
      const [chosen] = pool.splice(index, 1);
      if (chosen !== undefined) out.push(chosen);
    }
  }
  return out;
}
