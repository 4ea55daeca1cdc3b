import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { checkServerIdentity, type DetailedPeerCertificate } from 'node:tls';
import type { SipTarget } from '../resolver/locate/locate-types';
import type { TlsaRecordData } from '../resolver/locate/tlsa-lookup';

/**
 * How a SIP server's TLS certificate is checked, in this order (docs/calls.md): DANE, when the
 * server's TLSA answer is secure and holds a usage we support (RFC 6698, RFC 7671, RFC 7673:
 * DANE-EE 3 and DANE-TA 2; selectors 0 and 1; matching 0, 1, 2); else the network profile's CA;
 * else the system roots. A secure TLSA RRset that nothing matches is a failure, never a
 * fallback to the CA (RFC 7671 §5).
 */
export type TlsTrust =
  { kind: 'dane'; records: TlsaRecordData[] } | { kind: 'ca'; caPem: string } | { kind: 'system' };

export function trustFor(target: SipTarget, caPem: string | null): TlsTrust {
  if (target.tlsa?.usable) {
    const records = target.tlsa.records.filter(
      (r) => (r.usage === 3 || r.usage === 2) && r.selector <= 1 && r.matchingType <= 2,
    );
    if (records.length > 0) return { kind: 'dane', records };
  }
  return caPem === null ? { kind: 'system' } : { kind: 'ca', caPem };
}

export function describeTrust(trust: TlsTrust): string {
  return trust.kind === 'dane'
    ? 'DANE (TLSA)'
    : trust.kind === 'ca'
      ? "the network's CA"
      : 'the system roots';
}

/** The presented chain, leaf first, as X509Certificates (stops at a self-issued certificate). */
export function presentedChain(peer: DetailedPeerCertificate): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<DetailedPeerCertificate>();
  let current: DetailedPeerCertificate | undefined = peer;
  while (current?.raw && !seen.has(current) && chain.length < 10) {
    seen.add(current);
    chain.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}

function associationData(cert: X509Certificate, record: TlsaRecordData): string {
  const selected =
    record.selector === 0 ? cert.raw : cert.publicKey.export({ type: 'spki', format: 'der' });
  if (record.matchingType === 0) return selected.toString('hex');
  return createHash(record.matchingType === 1 ? 'sha256' : 'sha512')
    .update(selected)
    .digest('hex');
}

/**
 * Null when the chain satisfies one of the TLSA records, else why not. DANE-EE (3) matches the
 * leaf alone (no name or expiry checks, RFC 7671 §5.1); DANE-TA (2) matches a certificate of the
 * chain that the leaf chains up to by signatures, and the leaf must name `host` (§5.2).
 */
export function checkDane(
  chain: readonly X509Certificate[],
  records: readonly TlsaRecordData[],
  host: string,
): string | null {
  const leaf = chain[0];
  if (leaf === undefined) return 'the server sent no certificate';
  for (const record of records) {
    const want = record.data.toLowerCase();
    if (record.usage === 3 && associationData(leaf, record) === want) return null;
    if (record.usage === 2) {
      const anchorIndex = chain.findIndex((c) => associationData(c, record) === want);
      if (anchorIndex < 0) continue;
      let linked = true;
      for (let i = 0; i < anchorIndex; i++) {
        const child = chain[i];
        const parent = chain[i + 1];
        if (!child || !parent || !child.checkIssued(parent) || !child.verify(parent.publicKey))
          linked = false;
      }
      if (!linked) continue;
      const named = isIP(host) === 0 ? leaf.checkHost(host) : leaf.checkIP(host);
      if (named === undefined) continue;
      return null;
    }
  }
  return 'the server certificate matches none of its TLSA records';
}

/** Null when PKIX (done by Node against `ca` or the system roots) and the name both check out. */
export function checkPkix(
  authorized: boolean,
  authorizationError: Error | string | undefined,
  host: string,
  peer: DetailedPeerCertificate,
): string | null {
  if (!authorized)
    return `the certificate chain is not trusted (${String(authorizationError ?? 'unknown')})`;
  const nameError = checkServerIdentity(host, peer);
  return nameError ? `the certificate does not name ${host}` : null;
}
