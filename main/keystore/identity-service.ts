import {
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { YakkerError } from '../../shared/contract/result';
import { parseCertificate, toPem, type ParsedCertificate } from '../crypto/der';
import { exportPkcs12 } from '../crypto/pkcs12';
import { certificateIdentities } from '../crypto/certificate-identities';
import { createIdentityCertificate } from './certificate-factory';
import { IdentityIndexStore } from './identity-index';
import { splitIdentityUris } from './identity-uri';
import {
  FEATURES_BY_KEY_TYPE,
  type Feature,
  type IdentityRecord,
  type IdentitySummary,
} from './identity-types';
import type { KeyStore } from './key-store';
import { readKeyFile } from './key-import';
import { smimeaRecordsFor, type SmimeaRecord } from './smimea-records';
import {
  checkNames,
  credentialOf,
  findIdentity,
  newKeyAccount,
  replaceIdentity,
  summarise,
} from './identity-records';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export const DEFAULT_VALIDITY_DAYS = 365;
/** Certificates start a little in the past so that peers with a slow clock accept them. */
const BACKDATE_MS = 5 * 60_000;

export interface CreateIdentityInput {
  tel?: string | undefined;
  sip?: string | undefined;
  name?: string | undefined;
  validityDays?: number | undefined;
}

export interface ImportIdentityInput extends CreateIdentityInput {
  file: Uint8Array;
  password: string | null;
}

/** A private key with the certificate it serves (one generation of an identity). */
export interface IdentityCredential {
  certificate: ParsedCertificate;
  key: KeyObject;
}

/**
 * Identities: long-term keys and self-signed certificates in the OS keychain (wire profile,
 * "Identities and keys"). Keys never leave this class except as KeyObjects handed to main-side
 * crypto and inside a password-encrypted PKCS#12 export the user asked for.
 */
export class IdentityService {
  private readonly index: IdentityIndexStore;

  constructor(
    private readonly store: KeyStore,
    private readonly clock: Clock = systemClock,
  ) {
    this.index = new IdentityIndexStore(store);
  }

  /**
   * `listener` runs after every change to the identities (create, import, rename, renew, prune,
   * delete), e.g. to drop keys cached in memory. Returns a function that removes it.
   */
  onChange(listener: () => void): () => void {
    return this.index.onChange(listener);
  }

  async list(): Promise<IdentitySummary[]> {
    return (await this.index.read()).identities.map(summarise);
  }

  /** Finds an identity by id, name, tel number or SIP URI. */
  async get(ref: string): Promise<IdentitySummary> {
    return summarise(findIdentity(await this.index.read(), ref));
  }

  async create(input: CreateIdentityInput): Promise<IdentitySummary> {
    const { tel, sip } = checkNames(input.tel, input.sip);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = await this.makeCertificate(privateKey, tel, sip, input.validityDays);
    return this.add(privateKey, 'p256', [pem], { tel, sip, name: input.name });
  }

  /** Imports a PEM or PKCS#12 file; makes a certificate for a bare P-256 key. */
  async importFile(input: ImportIdentityInput): Promise<IdentitySummary> {
    const material = readKeyFile(input.file, input.password);
    let pems = material.certificates.map((der) => toPem(der, 'CERTIFICATE'));
    const fromCert = pems.length
      ? splitIdentityUris(certificateIdentities(parseCertificate(pems[pems.length - 1] ?? '')))
      : {};
    const { tel, sip } = checkNames(input.tel ?? fromCert.tel, input.sip ?? fromCert.sip);
    if (pems.length === 0) {
      if (material.keyType !== 'p256') {
        throw new YakkerError(
          'bad-input',
          `an ${material.keyType} key must come with its certificate`,
        );
      }
      pems = [await this.makeCertificate(material.key, tel, sip, input.validityDays)];
    }
    return this.add(material.key, material.keyType, pems, { tel, sip, name: input.name });
  }

  async rename(ref: string, name: string): Promise<IdentitySummary> {
    if (!name.trim()) throw new YakkerError('bad-input', 'a name cannot be empty');
    return this.index.update((index) => {
      const record = findIdentity(index, ref);
      const renamed = { ...record, name: name.trim() };
      return Promise.resolve({
        index: replaceIdentity(index, renamed),
        result: summarise(renamed),
      });
    });
  }

  async delete(ref: string): Promise<void> {
    const removed = await this.index.update((index) => {
      const record = findIdentity(index, ref);
      const rest = index.identities.filter((i) => i.id !== record.id);
      return Promise.resolve({ index: { ...index, identities: rest }, result: record });
    });
    for (const account of new Set(removed.credentials.map((c) => c.keyAccount))) {
      await this.store.delete(account);
    }
  }

  /**
   * Renewal: a new certificate before expiry, for the same key or (newKey) a fresh one. The old
   * certificate stays until it expires, so records() publishes both during the overlap and
   * messages encrypted to either can be opened.
   */
  async renew(
    ref: string,
    options: { newKey?: boolean; validityDays?: number } = {},
  ): Promise<IdentitySummary> {
    const record = findIdentity(await this.index.read(), ref);
    if (record.keyType !== 'p256')
      throw new YakkerError('key-unsupported', 'only P-256 identities can be renewed here');
    const last = record.credentials[record.credentials.length - 1];
    if (!last) throw new YakkerError('storage-failed', 'identity has no certificate');
    let keyAccount = last.keyAccount;
    let key: KeyObject;
    if (options.newKey) {
      key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      keyAccount = newKeyAccount();
      await this.store.set(keyAccount, key.export({ format: 'pem', type: 'pkcs8' }).toString());
    } else {
      key = await this.loadKey(keyAccount);
    }
    const pem = await this.makeCertificate(key, record.tel, record.sip, options.validityDays);
    return this.index.update((index) => {
      const current = findIdentity(index, record.id);
      const renewed = {
        ...current,
        credentials: [...current.credentials, credentialOf(pem, keyAccount)],
      };
      return Promise.resolve({
        index: replaceIdentity(index, renewed),
        result: summarise(renewed),
      });
    });
  }

  /**
   * Key rollover, step 1 (docs/pairing.md §13): a new P-256 key under `keyAccount` (reused if a
   * crash left it there) and its certificate, kept out of the identity until adoptKey() so that
   * nothing signs with it before the directory publishes it.
   */
  async stageKey(ref: string, keyAccount: string): Promise<IdentityCredential> {
    const record = findIdentity(await this.index.read(), ref);
    if (record.keyType !== 'p256')
      throw new YakkerError('key-unsupported', 'only P-256 identities can get a new key here');
    if (record.credentials.some((c) => c.keyAccount === keyAccount))
      throw new YakkerError('bad-input', 'that key already belongs to the identity');
    const stored = await this.store.get(keyAccount);
    const key =
      stored === null
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
        : createPrivateKey(stored);
    if (stored === null)
      await this.store.set(keyAccount, key.export({ format: 'pem', type: 'pkcs8' }).toString());
    const pem = await this.makeCertificate(key, record.tel, record.sip);
    return { certificate: parseCertificate(pem), key };
  }

  /** A staged key with its certificate (to sign the directory request that publishes it). */
  async stagedCredential(keyAccount: string, certificatePem: string): Promise<IdentityCredential> {
    return { certificate: parseCertificate(certificatePem), key: await this.loadKey(keyAccount) };
  }

  /**
   * Key rollover, last step: the staged certificate becomes current and every older one is
   * marked revoked (never published or used to sign again; kept to open old messages).
   * Repeating it changes nothing.
   */
  async adoptKey(
    ref: string,
    keyAccount: string,
    certificatePem: string,
  ): Promise<IdentitySummary> {
    await this.loadKey(keyAccount);
    return this.index.update((index) => {
      const record = findIdentity(index, ref);
      const adopted = credentialOf(certificatePem, keyAccount);
      const others = record.credentials
        .filter((c) => c.fingerprint !== adopted.fingerprint)
        .map((c) => ({ ...c, revoked: true }));
      const next = { ...record, credentials: [...others, adopted] };
      return Promise.resolve({ index: replaceIdentity(index, next), result: summarise(next) });
    });
  }

  /**
   * A new key for an identity already here, sent by a linked device after it replaced the key
   * (docs/pairing.md §13, linking again): stored, then adopted as in adoptKey (the identity keeps
   * its id, so the SIP account and history that point at it carry on).
   */
  async adoptTransferredKey(
    ref: string,
    pkcs8Pem: string,
    certificatePem: string,
  ): Promise<IdentitySummary> {
    const key = createPrivateKey(pkcs8Pem);
    if (!new X509Certificate(certificatePem).checkPrivateKey(key))
      throw new YakkerError(
        'bad-input',
        'the certificate does not belong to the key that came with it',
      );
    const keyAccount = newKeyAccount();
    await this.store.set(keyAccount, key.export({ format: 'pem', type: 'pkcs8' }).toString());
    try {
      return await this.adoptKey(ref, keyAccount, certificatePem);
    } catch (error) {
      await this.store.delete(keyAccount).catch(() => false);
      throw error;
    }
  }

  /** Deletes a staged key that was never adopted. */
  async discardStaged(keyAccount: string): Promise<void> {
    const record = (await this.index.read()).identities.find((i) =>
      i.credentials.some((c) => c.keyAccount === keyAccount),
    );
    if (record === undefined) await this.store.delete(keyAccount);
  }

  /**
   * Drops certificates that expired more than `graceMs` ago (default: the 7-day message window,
   * so messages still in store-and-forward can be opened), never the current one, and deletes
   * keys no remaining certificate uses.
   */
  async prune(ref: string, graceMs = 7 * 86_400_000): Promise<IdentitySummary> {
    const cutoff = this.clock.now().getTime() - graceMs;
    const { summary, dropped } = await this.index.update((index) => {
      const record = findIdentity(index, ref);
      const last = record.credentials[record.credentials.length - 1];
      const kept = record.credentials.filter(
        (c) => c === last || new Date(c.notAfter).getTime() >= cutoff,
      );
      const pruned = { ...record, credentials: kept };
      const stillUsed = new Set(kept.map((c) => c.keyAccount));
      const unused = record.credentials
        .map((c) => c.keyAccount)
        .filter((account) => !stillUsed.has(account));
      return Promise.resolve({
        index: replaceIdentity(index, pruned),
        result: { summary: summarise(pruned), dropped: [...new Set(unused)] },
      });
    });
    for (const account of dropped) await this.store.delete(account);
    return summary;
  }

  /**
   * Every certificate with its key, oldest first (the last is current), for a feature. Throws
   * key-unsupported when the key type cannot serve it.
   */
  async credentials(ref: string, feature: Feature): Promise<IdentityCredential[]> {
    const record = findIdentity(await this.index.read(), ref);
    if (!FEATURES_BY_KEY_TYPE[record.keyType].includes(feature)) {
      throw new YakkerError(
        'key-unsupported',
        `a ${record.keyType} identity cannot be used for ${feature}`,
      );
    }
    const keys = new Map<string, KeyObject>();
    const result: IdentityCredential[] = [];
    for (const c of record.credentials) {
      const key = keys.get(c.keyAccount) ?? (await this.loadKey(c.keyAccount));
      keys.set(c.keyAccount, key);
      result.push({ certificate: parseCertificate(c.certificatePem), key });
    }
    return result;
  }

  /** The current certificate and key: what signs and seals. */
  async current(ref: string, feature: Feature): Promise<IdentityCredential> {
    const all = await this.credentials(ref, feature);
    const last = all[all.length - 1];
    if (!last) throw new YakkerError('storage-failed', 'identity has no certificate');
    return last;
  }

  /** An encrypted backup: PKCS#12, PBES2 AES-256-CBC + PBKDF2-SHA256, HMAC-SHA256 MAC. */
  async exportPkcs12(ref: string, password: string): Promise<Buffer> {
    if (password.length < 8)
      throw new YakkerError('bad-input', 'use a backup password of at least 8 characters');
    const record = findIdentity(await this.index.read(), ref);
    const last = record.credentials[record.credentials.length - 1];
    if (!last) throw new YakkerError('storage-failed', 'identity has no certificate');
    const key = await this.loadKey(last.keyAccount);
    const ders = record.credentials
      .filter((c) => c.keyAccount === last.keyAccount)
      .map((c) => new X509Certificate(c.certificatePem).raw);
    return exportPkcs12(key, ders, password, record.name);
  }

  /** The SMIMEA records to publish for this identity under an ENUM suffix. */
  async records(ref: string, suffix: string): Promise<SmimeaRecord[]> {
    return smimeaRecordsFor(findIdentity(await this.index.read(), ref), suffix, this.clock.now());
  }

  private async add(
    key: KeyObject,
    keyType: IdentityRecord['keyType'],
    pems: string[],
    names: { tel: string | undefined; sip: string | undefined; name: string | undefined },
  ): Promise<IdentitySummary> {
    const keyAccount = newKeyAccount();
    await this.store.set(keyAccount, key.export({ format: 'pem', type: 'pkcs8' }).toString());
    const record: IdentityRecord = {
      id: randomBytes(6).toString('hex'),
      name: names.name?.trim() || names.tel || names.sip || 'identity',
      ...(names.tel ? { tel: names.tel } : {}),
      ...(names.sip ? { sip: names.sip } : {}),
      keyType,
      createdAt: this.clock.now().toISOString(),
      credentials: pems.map((pem) => credentialOf(pem, keyAccount)),
    };
    try {
      return await this.index.update((index) =>
        Promise.resolve({
          index: { ...index, identities: [...index.identities, record] },
          result: summarise(record),
        }),
      );
    } catch (error) {
      await this.store.delete(keyAccount).catch(() => false);
      throw error;
    }
  }

  private async loadKey(account: string): Promise<KeyObject> {
    const pem = await this.store.get(account);
    if (pem === null)
      throw new YakkerError(
        'storage-failed',
        'the private key of this identity is missing from the keychain',
      );
    return createPrivateKey(pem);
  }

  private makeCertificate(
    key: KeyObject,
    tel?: string,
    sip?: string,
    validityDays?: number,
  ): Promise<string> {
    return createIdentityCertificate({
      privateKey: key,
      tel,
      sip,
      notBefore: new Date(this.clock.now().getTime() - BACKDATE_MS),
      validityDays: validityDays ?? DEFAULT_VALIDITY_DAYS,
    });
  }
}
