/**
 * OpenSSL interop for key files: our PKCS#12 backups open with `openssl pkcs12`, and keys and
 * files made by `openssl genpkey`, `ecparam`, `ec`, `req` and `pkcs12 -export` import.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdentityService } from '../../main/keystore/identity-service';
import { codeOf } from '../support/error-code';
import { FakeKeyStore } from '../support/fake-key-store';
import { opensslPeers } from '../support/openssl-workdir';

const peers = opensslPeers();
const openssl = (args: string[]) => peers.work.openssl(args);
const file = (name: string, content: string | Buffer) => peers.work.write(name, content);
const read = (name: string) => peers.work.read(name);

describe('PKCS#12 and PEM interop', () => {
  const service = () => new IdentityService(new FakeKeyStore());

  it('our encrypted PKCS#12 backup opens with openssl pkcs12 (PBES2/AES-256, SHA-256 MAC)', async () => {
    const ours = service();
    const id = await ours.importFile({
      file: Buffer.from(peers.alice.keyPem + peers.alice.pem),
      password: null,
    });
    file('ours.p12', await ours.exportPkcs12(id.id, 'backup-pass-1'));
    file('pass.txt', 'backup-pass-1\n');
    const out = openssl([
      'pkcs12',
      '-in',
      'ours.p12',
      '-passin',
      'file:pass.txt',
      '-info',
      '-nodes',
    ]);
    expect(out).toContain('-----BEGIN PRIVATE KEY-----');
    expect(out).toContain('-----BEGIN CERTIFICATE-----');
    const key = createPrivateKey(out.slice(out.indexOf('-----BEGIN PRIVATE KEY-----')));
    expect(createPublicKey(key).export({ format: 'jwk' })).toEqual(
      peers.alice.certificate.node.publicKey.export({ format: 'jwk' }),
    );
    const details = peers.work.opensslAll('pkcs12 -in ours.p12 -passin file:pass.txt -info -noout');
    expect(details).toContain('MAC: sha256');
    expect(details).toContain('PBES2, PBKDF2, AES-256-CBC');
    expect(details).toContain('PRF hmacWithSHA256');
    expect(() =>
      openssl(['pkcs12', '-in', 'ours.p12', '-passin', 'pass:wrong', '-nodes']),
    ).toThrow();
  });

  it('imports openssl pkcs12 -export files; a wrong password is bad-password', async () => {
    openssl([
      'pkcs12',
      '-export',
      '-inkey',
      'bob.key',
      '-in',
      'bob.pem',
      '-passout',
      'pass:p12-pass',
      '-out',
      'theirs.p12',
    ]);
    const p12 = read('theirs.p12');
    expect(await codeOf(service().importFile({ file: p12, password: 'nope' }))).toBe(
      'bad-password',
    );
    const id = await service().importFile({ file: p12, password: 'p12-pass' });
    expect(id).toMatchObject({ tel: '+15550101', sip: 'sip:bob@example.org', keyType: 'p256' });
    expect(id.current.pem.replace(/\s/g, '')).toBe(peers.bob.pem.replace(/\s/g, ''));
  });

  it('reads other openssl pkcs12 variants, refuses legacy and unprotected files with their codes', async () => {
    openssl([
      'pkcs12',
      '-export',
      '-inkey',
      'bob.key',
      '-in',
      'bob.pem',
      '-passout',
      'pass:pw-2',
      '-certpbe',
      'NONE',
      '-keypbe',
      'AES-128-CBC',
      '-macalg',
      'sha512',
      '-out',
      'sha512.p12',
    ]);
    expect(
      (await service().importFile({ file: read('sha512.p12'), password: 'pw-2' })).keyType,
    ).toBe('p256');
    openssl([
      'pkcs12',
      '-export',
      '-legacy',
      '-inkey',
      'bob.key',
      '-in',
      'bob.pem',
      '-passout',
      'pass:pw-2',
      '-out',
      'legacy.p12',
    ]);
    expect(await codeOf(service().importFile({ file: read('legacy.p12'), password: 'pw-2' }))).toBe(
      'key-unsupported',
    );
    openssl([
      'pkcs12',
      '-export',
      '-nomac',
      '-inkey',
      'bob.key',
      '-in',
      'bob.pem',
      '-passout',
      'pass:pw-2',
      '-out',
      'nomac.p12',
    ]);
    expect(await codeOf(service().importFile({ file: read('nomac.p12'), password: 'pw-2' }))).toBe(
      'bad-input',
    );
  });

  it('imports keys from openssl genpkey, ecparam/ec (SEC1) and req -x509', async () => {
    openssl([
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      'g-pkcs8.pem',
    ]);
    openssl([
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-aes256',
      '-pass',
      'pass:pw-1',
      '-out',
      'g-pkcs8-enc.pem',
    ]);
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'g-sec1.pem']);
    openssl([
      'ec',
      '-in',
      'g-sec1.pem',
      '-aes256',
      '-passout',
      'pass:pw-1',
      '-out',
      'g-sec1-enc.pem',
    ]);
    for (const name of ['g-pkcs8.pem', 'g-sec1.pem']) {
      const id = await service().importFile({
        file: read(name),
        password: null,
        tel: '+15550123',
      });
      expect(id.keyType).toBe('p256');
    }
    for (const name of ['g-pkcs8-enc.pem', 'g-sec1-enc.pem']) {
      const bytes = read(name);
      expect(
        await codeOf(service().importFile({ file: bytes, password: 'wrong', tel: '+15550123' })),
      ).toBe('bad-password');
      expect(
        (await service().importFile({ file: bytes, password: 'pw-1', tel: '+15550123' })).keyType,
      ).toBe('p256');
    }
    openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'req.key',
      '-out',
      'req.pem',
      '-days',
      '30',
      '-subj',
      '/CN=alice',
      '-addext',
      'subjectAltName=URI:tel:+15550177',
      '-addext',
      'keyUsage=critical,digitalSignature,keyAgreement',
    ]);
    const bundle = Buffer.concat([read('req.key'), read('req.pem')]);
    const fromReq = await service().importFile({ file: bundle, password: null });
    expect(fromReq).toMatchObject({
      tel: '+15550177',
      keyType: 'p256',
      certificates: [expect.anything()],
    });
  });

  it('imports RSA and Ed25519 with their certificates, for backup only', async () => {
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'rsa.key',
      '-out',
      'rsa.pem',
      '-days',
      '30',
      '-subj',
      '/CN=rsa',
      '-addext',
      'subjectAltName=URI:tel:+15550178',
    ]);
    openssl([
      'req',
      '-x509',
      '-newkey',
      'ed25519',
      '-nodes',
      '-keyout',
      'ed.key',
      '-out',
      'ed.pem',
      '-days',
      '30',
      '-subj',
      '/CN=ed',
      '-addext',
      'subjectAltName=URI:sip:ed@example.org',
    ]);
    const s = service();
    const rsa = await s.importFile({
      file: Buffer.concat([read('rsa.key'), read('rsa.pem')]),
      password: null,
    });
    const ed = await s.importFile({
      file: Buffer.concat([read('ed.key'), read('ed.pem')]),
      password: null,
    });
    expect(rsa).toMatchObject({ keyType: 'rsa', tel: '+15550178', features: ['backup'] });
    expect(ed).toMatchObject({
      keyType: 'ed25519',
      sip: 'sip:ed@example.org',
      features: ['backup'],
    });
    expect(await codeOf(s.current(rsa.id, 'messages'))).toBe('key-unsupported');
    expect(await codeOf(s.current(ed.id, 'calls'))).toBe('key-unsupported');
    file('rsa.p12', await s.exportPkcs12(rsa.id, 'backup-pass-2'));
    expect(
      openssl(['pkcs12', '-in', 'rsa.p12', '-passin', 'pass:backup-pass-2', '-nodes']),
    ).toContain('BEGIN PRIVATE KEY');
  });
});
