import { YakkerError } from '../../shared/contract/result';
import { lookupCertificates } from '../resolver/cert/cert-lookup';
import { lookupEnum } from '../resolver/enum/enum-lookup';
import type { Resolver } from '../resolver/types';
import type { PeerCertificates, PeerDirectory } from './peer-directory';

export interface DnsPeerDirectoryOptions {
  /** The validating resolver for the current network profile. */
  resolver: () => Resolver;
  /** The ENUM suffix of the network (`e164.arpa.`, `e164.yakker.test.`). */
  suffix: () => string;
}

/**
 * Peers through validated DNS: SMIMEA certificates (cert-lookup.ts) and, for a number, the SIP
 * address its ENUM NAPTR names. Only a secure ENUM answer is used to route a message.
 */
export class DnsPeerDirectory implements PeerDirectory {
  constructor(private readonly options: DnsPeerDirectoryOptions) {}

  async certificates(identity: string): Promise<PeerCertificates> {
    const found = await lookupCertificates(this.options.resolver(), identity, {
      suffix: this.options.suffix(),
    });
    return {
      status: found.status,
      certificates: found.certificates.map((c) => c.der),
      reason: found.reason,
    };
  }

  async target(peerKey: string): Promise<string> {
    if (!peerKey.startsWith('+')) return peerKey;
    const found = await lookupEnum(this.options.resolver(), peerKey, {
      suffix: this.options.suffix(),
    });
    if (found.status === 'indeterminate')
      throw new YakkerError(
        'dns-indeterminate',
        `Could not look up ${peerKey} right now (${found.reason}).`,
      );
    if (found.status === 'bogus')
      throw new YakkerError('dns-bogus', `The directory answer for ${peerKey} failed validation.`);
    const uri = found.uris.find((u) => u.status === 'secure')?.uri;
    if (uri === undefined)
      throw new YakkerError('not-found', `${peerKey} has no Yakker account (${found.reason}).`);
    return uri;
  }
}
