import type { DnssecStatus, Resolver } from '../types';
import { decodeCertAssociation, formatCertAssociation } from '../rdata/cert-association';
import { normaliseName } from '../common/dns-name';

export interface TlsaRecordData {
  usage: number;
  selector: number;
  matchingType: number;
  /** Association data, hex. */
  data: string;
}

export interface TlsaResult {
  /** `_<port>._tcp.<host>` (RFC 6698 §3), no trailing dot. */
  owner: string;
  status: DnssecStatus;
  records: TlsaRecordData[];
  /**
   * RFC 6698 §4.1: only a secure, non-empty TLSA RRset may be used. A bogus one means "do not
   * start TLS"; insecure or indeterminate ones are unusable (plain PKIX rules apply).
   */
  usable: boolean;
  reason: string;
}

/** TLSA owner name for a TCP-based endpoint (TLS and WSS both run over TCP). */
export function tlsaOwner(port: number, host: string): string {
  return `_${port}._tcp.${normaliseName(host)}`;
}

export async function lookupTlsa(
  resolver: Resolver,
  port: number,
  host: string,
  signal?: AbortSignal,
): Promise<TlsaResult> {
  const owner = tlsaOwner(port, host);
  const answer = await resolver.resolve(owner, 'TLSA', signal === undefined ? {} : { signal });
  const records: TlsaRecordData[] = [];
  for (const rr of answer.answers) {
    if (rr.type !== 'TLSA') continue;
    try {
      const decoded = decodeCertAssociation(rr.rdata, 'TLSA');
      const [usage, selector, matchingType, data = ''] = formatCertAssociation(decoded).split(' ');
      records.push({
        usage: Number(usage),
        selector: Number(selector),
        matchingType: Number(matchingType),
        data,
      });
    } catch {
      // RFC 6698 §4.1: a malformed association is unusable; skip it.
    }
  }
  const usable = answer.status === 'secure' && records.length > 0;
  const reason =
    answer.status === 'bogus'
      ? `TLSA answer is bogus: do not start TLS (${answer.reason})`
      : usable
        ? `${records.length} secure TLSA record(s)`
        : records.length === 0
          ? `no TLSA records (${answer.status})`
          : `TLSA records are ${answer.status}: unusable`;
  return { owner, status: answer.status, records, usable, reason };
}
