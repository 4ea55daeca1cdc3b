import { YakkerError } from '../../../shared/contract/result';

/** An A or AAAA RDATA as text: dotted quad, or RFC 5952 compressed IPv6. */
export function decodeAddress(type: 'A' | 'AAAA', rdata: Uint8Array): string {
  if (type === 'A') {
    if (rdata.length !== 4) throw new YakkerError('bad-input', 'malformed A record');
    return Array.from(rdata).join('.');
  }
  if (rdata.length !== 16) throw new YakkerError('bad-input', 'malformed AAAA record');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((rdata[i] ?? 0) << 8) | (rdata[i + 1] ?? 0));
  // The longest run (length >= 2) of zero groups becomes "::" (RFC 5952 §4.2).
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
