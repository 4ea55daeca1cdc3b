import { createHash } from 'node:crypto';
import { YakkerError } from '../../shared/contract/result';
import type { PeerCertificates } from './peer-directory';

/**
 * One fingerprint for the set of certificates a peer publishes: the sorted SHA-256 of each,
 * joined by commas. A peer who adds, removes or replaces a certificate gets a new one.
 */
export function fingerprintOf(certificates: readonly Uint8Array[]): string {
  return certificates
    .map((der) => createHash('sha256').update(der).digest('hex'))
    .sort()
    .join(',');
}

/** The certificates, or a clear error when none is published in a secure answer. */
export function usableCertificates(found: PeerCertificates, who: string): Uint8Array[] {
  if (found.status === 'bogus')
    throw new YakkerError(
      'dns-bogus',
      `The DNS answer for ${who} failed validation (${found.reason}).`,
    );
  if (found.status === 'indeterminate')
    throw new YakkerError(
      'dns-indeterminate',
      `Could not check ${who} in DNS right now (${found.reason}).`,
    );
  if (found.status !== 'secure')
    throw new YakkerError(
      'certificate-invalid',
      `${who} has no verified certificate: the DNS answer is not signed (${found.reason}).`,
    );
  if (found.certificates.length === 0)
    throw new YakkerError(
      'certificate-invalid',
      `${who} has not published a certificate, so messages cannot be sealed or checked.`,
    );
  return [...found.certificates];
}
