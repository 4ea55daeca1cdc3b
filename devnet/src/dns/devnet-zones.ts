/**
 * The devnet's zones: a local root, `test.`, `yakker.test.`, the directory zone
 * `e164.yakker.test.`, `provider.test.` and one zone per provider domain with NAPTR/SRV for its
 * SIP servers (RFC 3263, RFC 7118 for WebSocket) and TLSA (3 1 1) for its TLS endpoints. All but
 * the directory zone are signed offline by dnssec-signzone (ECDSA P-256, NSEC); the directory
 * zone is a plain zone file that Knot signs online (knot-config.ts), delegated from
 * `yakker.test.` with the DS of Knot's key.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { ZoneSpec } from './zone-spec';

export const DIRECTORY_SUFFIX = 'e164.yakker.test.';

/** What a provider's zone needs: its domain and the running Kamailio's secure ports. */
export interface ProviderDnsInfo {
  domain: string;
  tlsPort: number;
  wssPort: number;
  /** The TLS server certificate (PEM): its key's SHA-256 is the TLSA 3 1 1 data. */
  certPem: string;
}

/** SHA-256 of a certificate's SubjectPublicKeyInfo, hex: TLSA/SMIMEA selector 1, type 1. */
export function spkiSha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}

/**
 * NAPTR → SRV → A and TLSA for one provider. The SRV target is the domain itself, which the
 * provider's certificate names, so both DANE (TLSA 3 1 1) and the devnet CA verify it.
 */
export function providerRecords(p: ProviderDnsInfo): string[] {
  const origin = `${p.domain.replace(/\.$/, '')}.`;
  const tlsa = spkiSha256(p.certPem);
  return [
    `@ NAPTR 10 10 "s" "SIPS+D2T" "" _sips._tcp.${origin}`,
    `@ NAPTR 20 10 "s" "SIPS+D2W" "" _sips._ws.${origin}`,
    `_sips._tcp SRV 10 0 ${p.tlsPort} ${origin}`,
    `_sips._ws SRV 10 0 ${p.wssPort} ${origin}`,
    '@ A 127.0.0.1',
    `_${p.tlsPort}._tcp TLSA 3 1 1 ${tlsa}`,
    `_${p.wssPort}._tcp TLSA 3 1 1 ${tlsa}`,
  ];
}

const signed = (origin: string, records: string[], denial: ZoneSpec['denial']): ZoneSpec => ({
  origin,
  signer: 'bind',
  algorithm: 13,
  denial,
  records,
});

/** The directory zone as Knot loads it (unsigned: Knot signs every answer online). */
export function directoryZoneFile(records: readonly string[], serial: number): string {
  return [
    `$ORIGIN ${DIRECTORY_SUFFIX}`,
    '$TTL 300',
    `@ SOA ns.test. hostmaster.test. ${serial} 3600 900 604800 300`,
    '@ NS ns.test.',
    ...records,
    '',
  ].join('\n');
}

/**
 * Every zone signed offline, parents first; `directoryDs` is the DS of Knot's key for the
 * directory zone, published in `yakker.test.` with the delegation.
 */
export function devnetZones(
  providers: readonly ProviderDnsInfo[],
  directoryDs: readonly string[],
): ZoneSpec[] {
  return [
    signed('.', ['ns.test. A 127.0.0.1'], 'nsec'),
    signed('test.', ['ns A 127.0.0.1'], 'nsec'),
    signed('yakker.test.', [`${DIRECTORY_SUFFIX} NS ns.test.`, ...directoryDs], 'nsec'),
    signed('provider.test.', [], 'nsec'),
    ...providers.map((p) => signed(`${p.domain.replace(/\.$/, '')}.`, providerRecords(p), 'nsec')),
  ];
}

/** `+15550100` → `0.0.1.0.5.5.5.1` (RFC 6116), the owner name under the directory suffix. */
export function enumOwner(e164: string): string {
  if (!/^\+[1-9][0-9]{1,14}$/.test(e164)) throw new Error(`not an E.164 number: ${e164}`);
  return e164.slice(1).split('').reverse().join('.');
}

/** The directory's records for one number: ENUM NAPTR to its SIP URI, SMIMEA 3 0 0 for its certificate. */
export function directoryRecords(e164: string, sipUri: string, certDer: Buffer): string[] {
  if (!/^sips?:[A-Za-z0-9+._~-]+@[a-z0-9.-]+$/.test(sipUri))
    throw new Error(`bad SIP URI: ${sipUri}`);
  const owner = enumOwner(e164);
  return [
    `${owner} NAPTR 100 10 "u" "E2U+sip" "!^.*$!${sipUri}!" .`,
    `_smimecert.${owner} SMIMEA 3 0 0 ${certDer.toString('hex')}`,
  ];
}
