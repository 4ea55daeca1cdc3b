/** A validation verdict and how verdicts combine. */
import type { Proof } from './dnssec/proof';
import type { DnssecStatus } from './types';

export interface Verdict {
  status: DnssecStatus;
  reason: string;
  ttl: number;
}

export const RANK: Record<DnssecStatus, number> = {
  secure: 0,
  insecure: 1,
  indeterminate: 2,
  bogus: 3,
};

/** The worst status wins (getdns rule); its reason is kept. */
export function worst(a: Verdict, b: Verdict): Verdict {
  const w =
    RANK[b.status] > RANK[a.status] || (RANK[b.status] === RANK[a.status] && a.reason === '')
      ? b
      : a;
  return { status: w.status, reason: w.reason, ttl: Math.min(a.ttl, b.ttl) };
}

export const proofVerdict = (p: Proof, ttl: number, secureReason: string): Verdict =>
  p.status === 'secure'
    ? { status: 'secure', reason: secureReason, ttl }
    : { status: p.status, reason: p.reason, ttl };
