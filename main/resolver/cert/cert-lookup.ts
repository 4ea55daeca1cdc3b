import { createHash } from 'node:crypto';
import type { DnssecStatus, Resolver } from '../types';
import { isUsable } from '../common/dnssec-status';
import { normaliseName } from '../common/dns-name';
import { decodeCertAssociation, type CertAssociation } from '../rdata/cert-association';
import { parseIdentity, type Identity } from './identity';
import { smimeaOwnerForSip, smimeaOwnerForTel } from './smimea-owner';

export interface CertLookupOptions {
  /** ENUM suffix for E.164 identities (default `e164.arpa.`). */
  suffix?: string;
  defaultCountry?: string;
  signal?: AbortSignal;
}

export interface PublishedCertificate {
  /** The DER certificate (SMIMEA 3 0 0: DANE-EE, full certificate, no hash). */
  der: Uint8Array;
  /** SHA-256 of the DER, hex. */
  sha256: string;
}

export interface CertLookupResult {
  identity: Identity;
  /** SMIMEA owner name, absolute with trailing dot. */
  owner: string;
  status: DnssecStatus;
  rcode: string;
  /** Full certificates, in answer order. Empty when the answer is bogus or indeterminate. */
  certificates: PublishedCertificate[];
  /** SMIMEA records that are not 3 0 0 (digests, other usages): listed, not returned as certs. */
  otherAssociations: Omit<CertAssociation, 'data'>[];
  reason: string;
}

/**
 * The certificates an identity publishes (wire-profile.md "DNS"): SMIMEA at the project's E.164
 * owner name or at the RFC 8162 owner name for a SIP identity, with the DNSSEC status of the
 * answer. Several records are allowed (key rollover, several devices). A bogus or indeterminate
 * answer gives no certificates, only the status.
 */
export async function lookupCertificates(
  resolver: Resolver,
  identityText: string,
  options: CertLookupOptions = {},
): Promise<CertLookupResult> {
  const identity = parseIdentity(identityText, options.defaultCountry);
  const owner =
    identity.kind === 'tel'
      ? smimeaOwnerForTel(identity.e164, options.suffix ?? 'e164.arpa.')
      : smimeaOwnerForSip(identity.uri);
  const answer = await resolver.resolve(
    normaliseName(owner),
    'SMIMEA',
    options.signal === undefined ? {} : { signal: options.signal },
  );
  const certificates: PublishedCertificate[] = [];
  const otherAssociations: Omit<CertAssociation, 'data'>[] = [];
  let malformed = 0;
  if (isUsable(answer.status)) {
    for (const rr of answer.answers) {
      if (rr.type !== 'SMIMEA') continue;
      let record: CertAssociation;
      try {
        record = decodeCertAssociation(rr.rdata, 'SMIMEA');
      } catch {
        malformed += 1;
        continue;
      }
      if (record.usage === 3 && record.selector === 0 && record.matchingType === 0) {
        if (!looksLikeDer(record.data)) {
          malformed += 1;
          continue;
        }
        const der = record.data;
        certificates.push({ der, sha256: createHash('sha256').update(der).digest('hex') });
      } else {
        const { usage, selector, matchingType } = record;
        otherAssociations.push({ usage, selector, matchingType });
      }
    }
  }
  const reason = !isUsable(answer.status)
    ? `the SMIMEA answer is ${answer.status}: ${answer.reason}`
    : certificates.length > 0
      ? `${certificates.length} certificate(s) published (${answer.status})`
      : `no certificate published (${answer.rcode === 'NXDOMAIN' ? 'no such name' : 'no SMIMEA 3 0 0 record'}, ${answer.status})${malformed > 0 ? `; ${malformed} malformed record(s) skipped` : ''}`;
  return {
    identity,
    owner,
    status: answer.status,
    rcode: answer.rcode,
    certificates,
    otherAssociations,
    reason,
  };
}

/** A DER SEQUENCE whose length covers exactly the data: enough to reject garbage early. */
function looksLikeDer(data: Uint8Array): boolean {
  if (data.length < 2 || data[0] !== 0x30) return false;
  const first = data[1] ?? 0;
  if (first < 0x80) return 2 + first === data.length;
  const octets = first & 0x7f;
  if (octets < 1 || octets > 4 || data.length < 2 + octets) return false;
  let length = 0;
  for (let i = 0; i < octets; i += 1) length = length * 256 + (data[2 + i] ?? 0);
  return 2 + octets + length === data.length;
}
