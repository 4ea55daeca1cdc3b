import { formatIpv4, formatIpv6 } from '../../../shared/net/ip-address';
import { YakkerError } from '../../../shared/contract/result';

/** An A or AAAA RDATA as text: dotted quad, or RFC 5952 compressed IPv6. */
export function decodeAddress(type: 'A' | 'AAAA', rdata: Uint8Array): string {
  if (rdata.length !== (type === 'A' ? 4 : 16))
    throw new YakkerError('bad-input', `malformed ${type} record`);
  return type === 'A' ? formatIpv4(rdata) : formatIpv6(rdata);
}
