/**
 * Between the keystore and the pairing transfer (docs/pairing.md §6). The holder builds the
 * payload only after its user typed the matching code; the joiner stores what arrived in this
 * device's keychain, failing closed with the keychain's own error code.
 *
 * Certificates travel current first ("leaf first": each is self-signed), then older
 * generations of the same key newest to oldest; the joiner reverses them so that the current
 * certificate is the last one, as the keystore keeps them.
 */
import { X509Certificate } from 'node:crypto';
import type { Settings } from '../../shared/contract/requests';
import type { TransferPayload } from '../../shared/pairing/transfer-payload';
import { certificateIdentities } from '../crypto/certificate-identities';
import { parseCertificate, toPem } from '../crypto/der';
import { splitIdentityUris } from '../keystore/identity-uri';
import type { IdentityService } from '../keystore/identity-service';
import type { IdentitySummary } from '../keystore/identity-types';

/** The settings that describe the account (the theme stays a per-device choice). */
export type SharedSettings = Pick<Settings, 'displayName' | 'defaultCountry' | 'privateLookups'>;

export async function buildTransfer(
  identities: IdentityService,
  identityId: string,
  settings: SharedSettings,
): Promise<TransferPayload> {
  const summary = await identities.get(identityId);
  const generations = await identities.credentials(summary.id, 'backup');
  const current = generations[generations.length - 1];
  if (!current) throw new Error('identity without a certificate');
  const sameKey = generations.filter((g) => g.key === current.key).reverse();
  return {
    identities: [
      {
        label: summary.tel ? `tel:${summary.tel}` : (summary.sip ?? summary.name),
        privateKeyPkcs8: new Uint8Array(current.key.export({ format: 'der', type: 'pkcs8' })),
        certificates: sameKey.map((g) => new Uint8Array(g.certificate.der)),
      },
    ],
    settings: {
      displayName: settings.displayName,
      defaultCountry: settings.defaultCountry,
      privateLookups: settings.privateLookups,
      identityName: summary.name,
    },
  };
}

/** Overwrites the private keys in place (best effort: JS cannot promise more). */
export function wipeTransfer(payload: TransferPayload): void {
  for (const identity of payload.identities) identity.privateKeyPkcs8.fill(0);
}

export interface ImportOutcome {
  identities: IdentitySummary[];
  settings: Partial<SharedSettings>;
}

/**
 * Stores the transferred identities in this device's keychain (an identity whose current
 * certificate is already here is not added twice; one whose number or SIP URI is here with
 * another key gets the new key, as after a revoke on the other device) and returns the settings
 * to apply.
 * Keychain errors propagate with their code (keychain-locked, keychain-unavailable).
 */
export async function importTransfer(
  identities: IdentityService,
  payload: TransferPayload,
): Promise<ImportOutcome> {
  const existing = await identities.list();
  const name =
    typeof payload.settings['identityName'] === 'string'
      ? payload.settings['identityName'].slice(0, 64)
      : undefined;
  const result: IdentitySummary[] = [];
  for (const identity of payload.identities) {
    const certificates = [...identity.certificates].reverse();
    const current = certificates[certificates.length - 1];
    const fingerprint = current ? new X509Certificate(current).fingerprint256 : '';
    const known = existing.find(
      (e) => e.current.fingerprint === fingerprint.replaceAll(':', '').toLowerCase(),
    );
    if (known) {
      result.push(known);
      continue;
    }
    const names = current
      ? splitIdentityUris(certificateIdentities(parseCertificate(toPem(current, 'CERTIFICATE'))))
      : {};
    const sameNumber = existing.find(
      (e) =>
        (names.tel !== undefined && e.tel === names.tel) ||
        (names.sip !== undefined && e.sip === names.sip),
    );
    if (sameNumber && current) {
      // Linked again after the key was replaced on the other device (pairing.md §13).
      try {
        result.push(
          await identities.adoptTransferredKey(
            sameNumber.id,
            toPem(identity.privateKeyPkcs8, 'PRIVATE KEY'),
            toPem(current, 'CERTIFICATE'),
          ),
        );
      } finally {
        identity.privateKeyPkcs8.fill(0);
      }
      continue;
    }
    const pem = [
      toPem(identity.privateKeyPkcs8, 'PRIVATE KEY'),
      ...certificates.map((der) => toPem(der, 'CERTIFICATE')),
    ].join('\n');
    try {
      result.push(await identities.importFile({ file: Buffer.from(pem), password: null, name }));
    } finally {
      identity.privateKeyPkcs8.fill(0);
    }
  }
  return { identities: result, settings: sharedSettings(payload.settings) };
}

function sharedSettings(raw: TransferPayload['settings']): Partial<SharedSettings> {
  const out: Partial<SharedSettings> = {};
  const { displayName, defaultCountry, privateLookups } = raw;
  if (typeof displayName === 'string' && displayName.length <= 64) out.displayName = displayName;
  if (typeof defaultCountry === 'string' && /^[A-Z]{2}$/.test(defaultCountry)) {
    out.defaultCountry = defaultCountry;
  }
  if (typeof privateLookups === 'boolean') out.privateLookups = privateLookups;
  return out;
}
