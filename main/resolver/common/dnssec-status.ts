import type { DnssecStatus } from '../types';

/** From best to worst: what a chain of lookups is worth is its weakest link. */
const RANK: Record<DnssecStatus, number> = {
  secure: 0,
  insecure: 1,
  indeterminate: 2,
  bogus: 3,
};

/** The worst of several statuses (bogus > indeterminate > insecure > secure); secure if none. */
export function worstStatus(...statuses: readonly DnssecStatus[]): DnssecStatus {
  let worst: DnssecStatus = 'secure';
  for (const status of statuses) if (RANK[status] > RANK[worst]) worst = status;
  return worst;
}

/** Whether an answer with this status may be used at all (RFC 4035 §4.3, RFC 6698 §4.1). */
export function isUsable(status: DnssecStatus): boolean {
  return status === 'secure' || status === 'insecure';
}
