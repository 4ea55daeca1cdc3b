import type { DialTarget } from '../../shared/contract/areas/calls';
import { YakkerError } from '../../shared/contract/result';
import { lookupCertificates, type CertLookupResult } from '../resolver/cert/cert-lookup';
import { lookupEnum } from '../resolver/enum/enum-lookup';
import { normaliseE164 } from '../resolver/enum/e164';
import type { Resolver } from '../resolver/types';
import { aorOf, identityOfUri } from './sip-address';

export interface CallResolverDeps {
  resolver: () => Resolver;
  /** The network's ENUM suffix (e.g. `e164.yakker.test.`). */
  suffix: () => string;
  /** settings.defaultCountry, for national numbers. */
  defaultCountry: () => Promise<string>;
}

/**
 * `calls.resolve`: what the dialer shows before ringing. A number goes through ENUM (RFC 6116)
 * to its SIP address; then the certificate the number (or SIP address) publishes is looked up
 * (SMIMEA through validated DNS). Never throws for what people type or what DNS says: those are
 * `invalid` or a kind with a reason.
 */
export class CallResolver {
  constructor(private readonly deps: CallResolverDeps) {}

  async resolve(target: string): Promise<DialTarget> {
    const text = target.trim();
    const looksSip = /^sips?:/i.test(text) || text.includes('@');
    try {
      if (looksSip) return await this.resolveSip(/^sips?:/i.test(text) ? text : `sip:${text}`);
      return await this.resolveNumber(text);
    } catch (error) {
      if (error instanceof YakkerError && error.code === 'bad-input')
        return invalid(
          looksSip
            ? `"${text}" is not a SIP address we can call (sip:user@domain).`
            : `"${text}" is not a phone number we can call: check the digits, or start with + and the country code.`,
        );
      throw error;
    }
  }

  private async resolveNumber(text: string): Promise<DialTarget> {
    const number = normaliseE164(text, { defaultCountry: await this.deps.defaultCountry() });
    const resolver = this.deps.resolver();
    const suffix = this.deps.suffix();
    // The certificate lookup does not depend on the ENUM answer: both go out at once (one
    // round of DNS on a cold cache instead of two; unused when the number has no account).
    const certsLookup = lookupCertificates(resolver, number, { suffix });
    certsLookup.catch(() => undefined);
    const enumResult = await lookupEnum(resolver, number, { suffix });
    if (enumResult.status === 'bogus')
      return invalid(
        'The directory answer for this number failed its DNSSEC check: someone may be tampering with it. Not calling.',
        number,
        'bogus',
      );
    const uri = enumResult.uris[0]?.uri;
    if (uri === undefined) {
      if (enumResult.status === 'indeterminate')
        return invalid(
          'The directory could not be reached to look this number up. Try again when you are online.',
          number,
          'indeterminate',
        );
      return {
        kind: 'no-account',
        uri: null,
        number,
        label: 'No Yakker account',
        verified: false,
        dnssec: enumResult.status,
        fingerprint: null,
        reason:
          'This number has no Yakker account. Calling ordinary phones comes in a later version.',
      };
    }
    const certs = await certsLookup;
    return this.classify(uri, number, certs, enumResult.status);
  }

  private async resolveSip(text: string): Promise<DialTarget> {
    const aor = aorOf(text);
    const identity = identityOfUri(aor);
    const number = identity.startsWith('tel:') ? identity.slice(4) : null;
    const certs = await lookupCertificates(this.deps.resolver(), identity, {
      suffix: this.deps.suffix(),
    });
    return this.classify(aor, number, certs, certs.status);
  }

  private classify(
    uri: string,
    number: string | null,
    certs: CertLookupResult,
    routeStatus: DialTarget['dnssec'] & string,
  ): DialTarget {
    if (certs.status === 'bogus')
      return invalid(
        'The DNS answer for their certificate failed its DNSSEC check: someone may be tampering with it. Not calling.',
        number,
        'bogus',
      );
    const secure = certs.status === 'secure' && routeStatus === 'secure';
    const cert = certs.certificates[0];
    if (secure && cert !== undefined)
      return {
        kind: 'yakker',
        uri,
        number,
        label: 'Yakker, verified',
        verified: true,
        dnssec: 'secure',
        fingerprint: cert.sha256,
        reason: 'Their certificate is published in DNSSEC-signed DNS: the call will be checked.',
      };
    return {
      kind: 'sip',
      uri,
      number,
      label: 'SIP, not verified',
      verified: false,
      dnssec: certs.status === 'secure' ? routeStatus : certs.status,
      fingerprint: null,
      reason:
        cert === undefined
          ? 'They publish no Yakker certificate, so who answers cannot be checked.'
          : 'Their directory entry is not DNSSEC-signed, so who answers cannot be checked.',
    };
  }
}

function invalid(
  reason: string,
  number: string | null = null,
  dnssec: DialTarget['dnssec'] = null,
): DialTarget {
  return {
    kind: 'invalid',
    uri: null,
    number,
    label: 'Cannot call',
    verified: false,
    dnssec,
    fingerprint: null,
    reason,
  };
}
