import { describe, expect, it } from 'vitest';
import { lookupCertificates } from '../../../main/resolver/cert/cert-lookup';
import { parseIdentity } from '../../../main/resolver/cert/identity';
import {
  localPartHash,
  smimeaOwnerForSip,
  smimeaOwnerForTel,
} from '../../../main/resolver/cert/smimea-owner';
import { FakeResolver, association } from './fake-resolver';

/** A minimal DER SEQUENCE (not a real certificate, but shaped like one). */
const der = (fill: number, length = 40): Uint8Array =>
  Uint8Array.from([0x30, length - 2, ...new Array<number>(length - 2).fill(fill)]);

describe('SMIMEA owner names', () => {
  it('RFC 8162 §3 example: hugh@example.com', () => {
    expect(localPartHash('hugh')).toBe('c93f1e400f26708f98cb19d936620da35eec8f72e57f9eec01c1afd6');
    expect(smimeaOwnerForSip('sip:hugh@example.com')).toBe(
      'c93f1e400f26708f98cb19d936620da35eec8f72e57f9eec01c1afd6._smimecert.example.com.',
    );
    expect(smimeaOwnerForSip('hugh@Example.COM')).toBe(
      'c93f1e400f26708f98cb19d936620da35eec8f72e57f9eec01c1afd6._smimecert.example.com.',
    );
  });

  it('no case mapping of the local part (RFC 8162 §4)', () => {
    expect(localPartHash('Hugh')).toBe('7063a398942ba5c6125429518d0608563f3974bb48013ddf58fb01d4');
  });

  it('percent-decodes and NFC-normalises the user part; drops parameters', () => {
    expect(smimeaOwnerForSip('sip:h%75gh@example.com;transport=tls')).toBe(
      smimeaOwnerForSip('sip:hugh@example.com'),
    );
    expect(localPartHash('jose\u0301')).toBe(localPartHash('jos\u00e9'));
  });

  it('E.164 identity: _smimecert in front of the ENUM domain', () => {
    expect(smimeaOwnerForTel('+15550100', 'e164.yakker.test.')).toBe(
      '_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test.',
    );
    expect(smimeaOwnerForTel('+44 20 7946 0148')).toBe(
      '_smimecert.8.4.1.0.6.4.9.7.0.2.4.4.e164.arpa.',
    );
  });

  it('a SIP identity needs a user part', () => {
    expect(() => smimeaOwnerForSip('sip:example.com')).toThrow(/user part/);
  });

  it('identities: tel and sip forms', () => {
    expect(parseIdentity('tel:+1-555-0100')).toEqual({ kind: 'tel', e164: '+15550100' });
    expect(parseIdentity('alice@Example.org')).toEqual({
      kind: 'sip',
      uri: 'sip:alice@example.org',
    });
    expect(parseIdentity('555 0100', 'US')).toEqual({ kind: 'tel', e164: '+15550100' });
  });
});

describe('certificate lookup against a fake resolver', () => {
  const owner = '_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test';

  it('returns every full certificate (3 0 0) with the status; lists other associations', async () => {
    const dns = new FakeResolver().set(owner, 'SMIMEA', [
      association(3, 0, 0, der(1)),
      association(3, 1, 1, new Uint8Array(32)),
      association(3, 0, 0, der(2, 60)),
      association(3, 0, 0, Uint8Array.from([1, 2, 3])),
    ]);
    const result = await lookupCertificates(dns, '+15550100', { suffix: 'e164.yakker.test' });
    expect(result.status).toBe('secure');
    expect(result.owner).toBe(`${owner}.`);
    expect(result.certificates.map((c) => c.der.length)).toEqual([40, 60]);
    expect(result.certificates[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.otherAssociations).toEqual([{ usage: 3, selector: 1, matchingType: 1 }]);
    expect(result.reason).toMatch(/2 certificate/);
  });

  it('bogus: no certificates, whatever the records', async () => {
    const dns = new FakeResolver().set(owner, 'SMIMEA', [association(3, 0, 0, der(1))], 'bogus');
    const result = await lookupCertificates(dns, '+15550100', { suffix: 'e164.yakker.test' });
    expect(result.status).toBe('bogus');
    expect(result.certificates).toEqual([]);
  });

  it('insecure answers are returned with their status (the caller decides)', async () => {
    const dns = new FakeResolver().set(owner, 'SMIMEA', [association(3, 0, 0, der(1))], 'insecure');
    const result = await lookupCertificates(dns, 'tel:+15550100', { suffix: 'e164.yakker.test' });
    expect(result.status).toBe('insecure');
    expect(result.certificates).toHaveLength(1);
  });

  it('a SIP identity is looked up at the RFC 8162 name', async () => {
    const dns = new FakeResolver();
    const result = await lookupCertificates(dns, 'sip:hugh@example.com');
    expect(dns.queries).toEqual([
      'c93f1e400f26708f98cb19d936620da35eec8f72e57f9eec01c1afd6._smimecert.example.com SMIMEA',
    ]);
    expect(result.certificates).toEqual([]);
    expect(result.reason).toMatch(/no certificate/);
  });
});
