import { X509Certificate } from 'node:crypto';
import { smimeaOwnerForSip, smimeaOwnerForTel } from '../resolver/cert/smimea-owner';
import type { IdentityRecord } from './identity-types';

/** One SMIMEA record to publish (RFC 8162 format; owner names per docs/protocol.md). */
export interface SmimeaRecord {
  owner: string;
  ttl: number;
  /** 3 0 0: DANE-EE, full certificate, no hash: a caller can encrypt to it directly. */
  usage: 3;
  selector: 0;
  matchingType: 0;
  certificateHex: string;
  fingerprint: string;
  notAfter: string;
  /** The record as a zone file line. */
  zoneLine: string;
}

export const DEFAULT_SMIMEA_TTL = 3600;

/**
 * The SMIMEA records an identity publishes: one per identity name (tel under the ENUM suffix,
 * SIP under its domain) and per certificate not yet expired, so that during a renewal overlap
 * old and new certificates are both published.
 */
export function smimeaRecordsFor(
  identity: IdentityRecord,
  suffix: string,
  now: Date,
  ttl = DEFAULT_SMIMEA_TTL,
): SmimeaRecord[] {
  const owners = [
    ...(identity.tel ? [smimeaOwnerForTel(identity.tel, absolute(suffix))] : []),
    ...(identity.sip ? [smimeaOwnerForSip(identity.sip)] : []),
  ];
  const live = identity.credentials.filter((c) => c.revoked !== true && new Date(c.notAfter) > now);
  return owners.flatMap((owner) =>
    live.map((credential) => {
      const certificateHex = new X509Certificate(credential.certificatePem).raw
        .toString('hex')
        .toUpperCase();
      return {
        owner,
        ttl,
        usage: 3 as const,
        selector: 0 as const,
        matchingType: 0 as const,
        certificateHex,
        fingerprint: credential.fingerprint,
        notAfter: credential.notAfter,
        zoneLine: `${owner} ${ttl} IN SMIMEA 3 0 0 ${certificateHex}`,
      };
    }),
  );
}

function absolute(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}
