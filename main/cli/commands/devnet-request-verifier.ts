/**
 * The devnet provider API's signature check (devnet/src/provider-api/request-verifier.ts), built
 * from main's parts: the number's SMIMEA certificates looked up through our own validating
 * resolver (the devnet's NSD and trust anchor, no cache: a newly published key counts at once),
 * accepted only when the answer is DNSSEC-secure, and the RFC 9421 signature verified with the
 * certificate whose SHA-256 is the request's keyid.
 */
import { X509Certificate } from 'node:crypto';
import {
  ProviderApiError,
  type RequestVerifier,
  type RequestVerifierFactory,
} from '../../../devnet/src/index';
import { YakkerError } from '../../../shared/contract/result';
import { verifyHttpMessage } from '../../crypto/http-signature';
import { lookupCertificates } from '../../resolver/cert/cert-lookup';
import { createResolver } from '../../resolver/create-resolver';
import type { Resolver } from '../../resolver/types';

export const devnetRequestVerifier: RequestVerifierFactory = (context): RequestVerifier =>
  publishedKeyVerifier(
    createResolver({
      servers: [{ host: context.dnsHost, port: context.dnsPort }],
      trustAnchorFiles: [context.trustAnchorFile],
      cache: false,
    }),
    context.directorySuffix,
  );

/** The check itself, over any resolver (unit tests give it a fake one). */
export function publishedKeyVerifier(resolver: Resolver, directorySuffix: string): RequestVerifier {
  return async (request, number, options) => {
    const input = Object.entries(request.headers)
      .filter(([name]) => name.toLowerCase() === 'signature-input')
      .flatMap(([, value]) => value ?? [])
      .join(', ');
    const keyId = /;keyid="([0-9A-Fa-f]{64})"/.exec(input)?.[1];
    if (keyId === undefined)
      throw new ProviderApiError(
        'signature-invalid',
        'keyid must be the SHA-256 of your published certificate (64 hex digits)',
      );
    const found = await lookupCertificates(resolver, number, { suffix: directorySuffix });
    if (found.status !== 'secure')
      throw new ProviderApiError(
        'insecure',
        `the certificate record for ${number} is not DNSSEC-secure (${found.status}): ${found.reason}`,
      );
    if (found.certificates.length === 0)
      throw new ProviderApiError(
        'not-published',
        `no certificate is published for ${number} in the directory`,
      );
    const cert = found.certificates.find((c) => c.sha256 === keyId.toLowerCase());
    if (cert === undefined)
      throw new ProviderApiError(
        'key-mismatch',
        `the signing key is not the one published for ${number}`,
      );
    const publicKey = new X509Certificate(cert.der).publicKey;
    try {
      await verifyHttpMessage(
        {
          method: request.method,
          url: request.url,
          headers: request.headers as Record<string, string>,
        },
        {
          keyLookup: (id) => Promise.resolve(id.toLowerCase() === cert.sha256 ? publicKey : null),
          requiredFields: options.requiredFields,
          now: options.now,
          maxAgeSeconds: options.maxAgeSeconds,
        },
      );
    } catch (error) {
      if (error instanceof YakkerError && error.code === 'crypto-stale')
        throw new ProviderApiError('stale', error.message);
      const why = error instanceof Error ? error.message : String(error);
      throw new ProviderApiError('signature-invalid', `the signature does not verify: ${why}`);
    }
    return { keyId: cert.sha256 };
  };
}
