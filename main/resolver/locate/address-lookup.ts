import type { DnssecStatus, Resolver } from '../types';
import { worstStatus } from '../common/dnssec-status';
import { decodeAddress } from '../rdata/address';

export interface AddressAnswer {
  addresses: string[];
  /** Worst of the A and AAAA answers. */
  status: DnssecStatus;
  reason: string;
}

/** A and AAAA for one host, queried in parallel; IPv4 addresses listed first. */
export async function lookupAddresses(
  resolver: Resolver,
  host: string,
  onAnswer: (type: string, status: DnssecStatus, rcode: string, count: number) => void,
  signal?: AbortSignal,
): Promise<AddressAnswer> {
  const opts = signal === undefined ? {} : { signal };
  const [a, aaaa] = await Promise.all([
    resolver.resolve(host, 'A', opts),
    resolver.resolve(host, 'AAAA', opts),
  ]);
  const addresses: string[] = [];
  for (const answer of [a, aaaa]) {
    let count = 0;
    for (const rr of answer.answers) {
      if (rr.type !== 'A' && rr.type !== 'AAAA') continue;
      try {
        addresses.push(decodeAddress(rr.type, rr.rdata));
        count += 1;
      } catch {
        // skip a malformed address
      }
    }
    onAnswer(answer.type, answer.status, answer.rcode, count);
  }
  const status = worstStatus(a.status, aaaa.status);
  const reason =
    status === a.status && a.status !== 'secure' ? `A: ${a.reason}` : `AAAA: ${aaaa.reason}`;
  return { addresses, status, reason: status === 'secure' ? 'addresses secure' : reason };
}
