import { codeOf } from '../../support/error-code';
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../../main/crypto/der';
import { IdentityService, type Clock } from '../../../main/keystore/identity-service';
import { FakeKeyStore } from '../../support/fake-key-store';

const DAY = 86_400_000;
let store: FakeKeyStore;
let clock: { t: Date } & Clock;
let service: IdentityService;

beforeEach(() => {
  store = new FakeKeyStore();
  clock = { t: new Date('2026-11-24T12:00:00Z'), now: () => clock.t };
  service = new IdentityService(store, clock);
});

describe('IdentityService: create', () => {
  it('makes a P-256 key and a certificate per the wire profile', async () => {
    const id = await service.create({
      tel: '+15550100',
      sip: 'sip:alice@example.org',
      name: 'Alice',
    });
    expect(id).toMatchObject({
      name: 'Alice',
      tel: '+15550100',
      sip: 'sip:alice@example.org',
      keyType: 'p256',
    });
    expect(id.features).toEqual(['calls', 'messages', 'api-signatures', 'dns-publish', 'backup']);
    const cert = parseCertificate(id.current.pem);
    expect(cert.pkijs.signatureAlgorithm.algorithmId).toBe('1.2.840.10045.4.3.2'); // ecdsa-with-SHA256
    expect(cert.node.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.node.subjectAltName).toBe('URI:tel:+15550100, URI:sip:alice@example.org');
    expect(cert.node.verify(cert.node.publicKey)).toBe(true); // self-signed
    const ku = cert.pkijs.extensions?.find((e) => e.extnID === '2.5.29.15');
    expect(ku?.critical).toBe(true);
    const bits = asn1js.fromBER(ku?.extnValue.valueBlock.valueHexView ?? new Uint8Array())
      .result as asn1js.BitString;
    expect(bits.valueBlock.valueHexView[0]).toBe(0x88); // digitalSignature (bit 0) + keyAgreement (bit 4)
    const days =
      (new Date(cert.node.validTo).getTime() - new Date(cert.node.validFrom).getTime()) / DAY;
    expect(Math.round(days)).toBe(365);
    expect(cert.pkijs).toBeInstanceOf(pkijs.Certificate);
  });

  it('refuses validity above two years, bad numbers and empty identities', async () => {
    expect(await codeOf(service.create({ tel: '+15550100', validityDays: 731 }))).toBe('bad-input');
    expect(await codeOf(service.create({ tel: '15550100' }))).toBe('bad-input');
    expect(await codeOf(service.create({ sip: 'alice@example.org' }))).toBe('bad-input');
    expect(await codeOf(service.create({}))).toBe('bad-input');
    const ok = await service.create({ tel: '+15550100', validityDays: 730 });
    expect(new Date(ok.current.notAfter).getTime() - new Date(ok.current.notBefore).getTime()).toBe(
      730 * DAY,
    );
  });

  it('keeps the private key only in the keychain, the index holds public data only', async () => {
    const id = await service.create({ tel: '+15550100' });
    const index = store.items.get('identity-index') ?? '';
    expect(index).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(id)).not.toContain('PRIVATE KEY');
    const keys = [...store.items.entries()].filter(([k]) => k.startsWith('identity-key:'));
    expect(keys).toHaveLength(1);
    expect(keys[0]?.[1]).toContain('-----BEGIN PRIVATE KEY-----');
  });
});

describe('IdentityService: several identities, list, rename, delete', () => {
  it('lists, finds by id/name/tel/sip, renames and deletes', async () => {
    const a = await service.create({ tel: '+15550100', name: 'work' });
    const b = await service.create({ sip: 'sip:me@example.org' });
    const c = await service.create({ tel: '+15550102', sip: 'sip:c@example.org' });
    expect((await service.list()).map((i) => i.id)).toEqual([a.id, b.id, c.id]);
    expect((await service.get('work')).id).toBe(a.id);
    expect((await service.get('sip:me@example.org')).id).toBe(b.id);
    expect((await service.get('tel:+15550102')).id).toBe(c.id);
    expect((await service.rename(b.id, 'sip only')).name).toBe('sip only');
    await service.delete(a.id);
    expect((await service.list()).map((i) => i.name)).toEqual(['sip only', '+15550102']);
    expect([...store.items.keys()].filter((k) => k.startsWith('identity-key:'))).toHaveLength(2);
    expect(await codeOf(service.get(a.id))).toBe('identity-not-found');
    expect(await codeOf(service.rename(b.id, '  '))).toBe('bad-input');
  });

  it('serialises concurrent creates (no lost index updates)', async () => {
    await Promise.all([1, 2, 3, 4].map((n) => service.create({ tel: `+1555010${n}` })));
    expect(await service.list()).toHaveLength(4);
  });
});

describe('IdentityService: keychain failures fail closed', () => {
  it('reports locked and missing keychains with their codes and writes nothing elsewhere', async () => {
    store.state = 'locked';
    expect(await codeOf(service.create({ tel: '+15550100' }))).toBe('keychain-locked');
    expect(await codeOf(service.list())).toBe('keychain-locked');
    store.state = 'unavailable';
    expect(await codeOf(service.list())).toBe('keychain-unavailable');
    expect(store.items.size).toBe(0);
  });

  it('reports a damaged index as storage-failed', async () => {
    store.items.set('identity-index', '{not json');
    expect(await codeOf(service.list())).toBe('storage-failed');
  });
});

describe('IdentityService: renewal with overlap', () => {
  it('adds a certificate for the same key; both are published until the old one expires', async () => {
    const id = await service.create({ tel: '+15550100', validityDays: 30 });
    clock.t = new Date(clock.t.getTime() + 25 * DAY);
    const renewed = await service.renew(id.id, { validityDays: 365 });
    expect(renewed.certificates).toHaveLength(2);
    const [oldCert, newCert] = renewed.certificates.map((c) => new X509Certificate(c.pem));
    expect(oldCert?.publicKey.export({ format: 'jwk' })).toEqual(
      newCert?.publicKey.export({ format: 'jwk' }),
    );
    expect(await service.records(id.id, 'e164.yakker.test')).toHaveLength(2);
    clock.t = new Date(clock.t.getTime() + 10 * DAY); // the first certificate has expired
    expect(await service.records(id.id, 'e164.yakker.test')).toHaveLength(1);
  });

  it('renews to a new key and keeps the old key to open older messages', async () => {
    const id = await service.create({ tel: '+15550100' });
    const renewed = await service.renew(id.id, { newKey: true });
    const creds = await service.credentials(id.id, 'messages');
    expect(creds).toHaveLength(2);
    expect(creds[0]?.key.export({ format: 'jwk' }).d).not.toBe(
      creds[1]?.key.export({ format: 'jwk' }).d,
    );
    expect(renewed.current.fingerprint).not.toBe(id.current.fingerprint);
    await service.delete(id.id);
    expect(store.items.size).toBe(1); // only the (empty) index remains
  });
});

describe('IdentityService: prune', () => {
  it('drops certificates expired beyond the grace period and their unused keys, never the current one', async () => {
    const id = await service.create({ tel: '+15550100', validityDays: 10 });
    clock.t = new Date(clock.t.getTime() + 9 * DAY);
    await service.renew(id.id, { newKey: true, validityDays: 10 });
    expect((await service.prune(id.id)).certificates).toHaveLength(2); // old one not expired yet
    clock.t = new Date(clock.t.getTime() + 5 * DAY); // old expired 4 days ago: inside the grace
    expect((await service.prune(id.id)).certificates).toHaveLength(2);
    clock.t = new Date(clock.t.getTime() + 10 * DAY); // old expired 14 days ago, new 4 days ago
    const pruned = await service.prune(id.id);
    expect(pruned.certificates).toHaveLength(1); // the current one stays even though expired
    expect([...store.items.keys()].filter((k) => k.startsWith('identity-key:'))).toHaveLength(1);
  });
});

describe('IdentityService: import and export', () => {
  it('imports a bare P-256 PEM and makes its certificate', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ format: 'pem', type: 'sec1' });
    const id = await service.importFile({
      file: Buffer.from(pem),
      password: null,
      tel: '+15550100',
    });
    const cert = new X509Certificate(id.current.pem);
    expect(cert.checkPrivateKey(privateKey)).toBe(true);
    expect(await codeOf(service.importFile({ file: Buffer.from(pem), password: null }))).toBe(
      'bad-input',
    );
  });

  it('imports encrypted PKCS#8 and reports a wrong or missing password as bad-password', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({
      format: 'pem',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: 'right',
    });
    const file = Buffer.from(pem);
    expect(await codeOf(service.importFile({ file, password: 'wrong', tel: '+15550100' }))).toBe(
      'bad-password',
    );
    expect(await codeOf(service.importFile({ file, password: null, tel: '+15550100' }))).toBe(
      'bad-password',
    );
    expect((await service.importFile({ file, password: 'right', tel: '+15550100' })).keyType).toBe(
      'p256',
    );
  });

  it('round-trips through an encrypted PKCS#12 backup, names taken from the certificate', async () => {
    const id = await service.create({ tel: '+15550100', sip: 'sip:a@example.org', name: 'A' });
    const p12 = await service.exportPkcs12(id.id, 'backup-password');
    expect(await codeOf(service.exportPkcs12(id.id, 'short'))).toBe('bad-input');
    const other = new IdentityService(new FakeKeyStore(), clock);
    expect(await codeOf(other.importFile({ file: p12, password: 'wrong-password' }))).toBe(
      'bad-password',
    );
    expect(await codeOf(other.importFile({ file: p12, password: null }))).toBe('bad-password');
    const imported = await other.importFile({ file: p12, password: 'backup-password' });
    expect(imported).toMatchObject({ tel: '+15550100', sip: 'sip:a@example.org', keyType: 'p256' });
    expect(imported.current.fingerprint).toBe(id.current.fingerprint);
  }, 60_000); // 200 000-iteration PBKDF2 and PKCS#12 MAC KDF, several times

  it('imports RSA and Ed25519 keys only with a certificate and states what they serve', async () => {
    for (const type of ['rsa', 'ed25519'] as const) {
      const { privateKey } =
        type === 'rsa'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ed25519');
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
      expect(
        await codeOf(
          service.importFile({ file: Buffer.from(pem), password: null, tel: '+15550100' }),
        ),
      ).toBe('bad-input');
    }
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    expect(
      await codeOf(
        service.importFile({ file: Buffer.from(p384), password: null, tel: '+15550100' }),
      ),
    ).toBe('key-unsupported');
    expect(await codeOf(service.importFile({ file: Buffer.from('hello'), password: 'x' }))).toBe(
      'bad-input',
    );
    expect(createPublicKey).toBeDefined();
  });
});

describe('IdentityService: SMIMEA records', () => {
  it('publishes 3 0 0 with the full DER under the tel and SIP owner names', async () => {
    const id = await service.create({ tel: '+15550100', sip: 'sip:hugh@example.com' });
    const records = await service.records(id.id, 'e164.yakker.test');
    const der = new X509Certificate(id.current.pem).raw.toString('hex').toUpperCase();
    expect(records.map((r) => r.owner)).toEqual([
      '_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test.',
      'c93f1e400f26708f98cb19d936620da35eec8f72e57f9eec01c1afd6._smimecert.example.com.',
    ]);
    expect(records[0]?.zoneLine).toBe(
      `_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test. 3600 IN SMIMEA 3 0 0 ${der}`,
    );
    expect(records.every((r) => r.usage === 3 && r.selector === 0 && r.matchingType === 0)).toBe(
      true,
    );
  });
});
