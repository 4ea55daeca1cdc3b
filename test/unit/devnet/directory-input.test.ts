/** The directory's pure checks: numbers, targets, signature parameters, digests, DNS queries, records. */
import { createHash } from 'node:crypto';
import packet from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../devnet/src/directory/api-error';
import { recordsFor, enumName } from '../../../devnet/src/directory/directory-records-for';
import { encodeQuery } from '../../../devnet/src/directory/dnssec-chain';
import { checkE164, checkTarget } from '../../../devnet/src/directory/identity-input';
import {
  checkContentDigest,
  signatureParams,
} from '../../../devnet/src/directory/request-signature';

const codeOf = (fn: () => unknown): string => {
  // fn returns a value or nothing; only whether and how it throws matters.
  try {
    fn();
    return 'ok';
  } catch (error) {
    return error instanceof ApiError ? error.code : String(error);
  }
};

const digestCode = (headers: Record<string, string>, body: Buffer): string =>
  codeOf(() => {
    checkContentDigest(headers, body);
  });

describe('directory input checks', () => {
  it('E.164: + then 2 to 15 digits, no leading zero', () => {
    expect(checkE164('+15550100')).toBe('+15550100');
    expect(checkE164('+123456789012345')).toBe('+123456789012345');
    for (const bad of [
      '15550100',
      '+0555',
      '+1',
      '+1234567890123456',
      '+1 555 0100',
      '+1555０100',
      '',
    ])
      expect(
        codeOf(() => checkE164(bad)),
        bad,
      ).toBe('invalid-number');
  });

  it('NAPTR targets name the same number at a lower-case DNS name', () => {
    expect(checkTarget('+15550100', 'sip:+15550100@a.provider.test')).toBe(
      'sip:+15550100@a.provider.test',
    );
    expect(checkTarget('+15550100', 'sips:+15550100@b.provider.test')).toBe(
      'sips:+15550100@b.provider.test',
    );
    for (const bad of [
      'sip:+15550101@a.provider.test',
      'sip:+15550100@A.provider.test',
      'sip:+15550100@localhost',
      'tel:+15550100',
      'sip:+15550100@a.provider.test;transport=tcp',
      'sip:+15550100@a.provider.test!',
    ])
      expect(
        codeOf(() => checkTarget('+15550100', bad)),
        bad,
      ).toBe('invalid-target');
  });

  it('Signature-Input: exactly one signature with created, keyid and nonce', () => {
    const keyid = 'a'.repeat(64);
    const ok = {
      'signature-input': `sig1=("@method");created=1700000000;keyid="${keyid}";alg="ecdsa-p256-sha256";nonce="abcdefghijklmnop"`,
      signature: 'sig1=:AAAA:',
    };
    expect(signatureParams(ok)).toEqual({
      keyId: keyid,
      nonce: 'abcdefghijklmnop',
      created: 1700000000,
    });
    expect(codeOf(() => signatureParams({}))).toBe('signature-missing');
    expect(codeOf(() => signatureParams({ ...ok, signature: 'sig1=:AAAA:, sig2=:BBBB:' }))).toBe(
      'signature-invalid',
    );
    expect(
      codeOf(() =>
        signatureParams({
          ...ok,
          'signature-input': ok['signature-input'].replace(/;nonce="[^"]*"/, ''),
        }),
      ),
    ).toBe('signature-invalid');
    expect(
      codeOf(() =>
        signatureParams({
          ...ok,
          'signature-input': ok['signature-input'].replace('ecdsa-p256-sha256', 'hmac-sha256'),
        }),
      ),
    ).toBe('signature-invalid');
  });

  it('Content-Digest must be the sha-256 of the body', () => {
    const body = Buffer.from('{"number":"+15550100"}');
    const header = {
      'content-digest': `sha-256=:${createHash('sha256').update(body).digest('base64')}:`,
    };
    expect(digestCode(header, body)).toBe('ok');
    expect(digestCode(header, Buffer.from('{}'))).toBe('signature-invalid');
    expect(digestCode({}, body)).toBe('signature-invalid');
  });

  it('queries carry one question and DO, without RD', () => {
    const wire = encodeQuery(4660, '_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test.', 53);
    expect(wire.readUInt16BE(0)).toBe(wire.length - 2);
    const decoded = packet.decode(wire.subarray(2));
    expect(decoded.id).toBe(4660);
    expect(decoded.flags).toBe(0);
    expect(decoded.questions?.[0]?.name).toBe('_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test');
    const name = '_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test';
    expect(wire.subarray(2).readUInt16BE(12 + name.length + 2)).toBe(53);
    const opt = decoded.additionals?.[0];
    expect(opt?.type).toBe('OPT');
    expect(opt && 'flag_do' in opt ? opt.flag_do : false).toBe(true);
    expect(encodeQuery(1, '', 48).subarray(2).readUInt16BE(13)).toBe(48);
  });

  it('an account publishes NAPTR when it has a target, and one SMIMEA per certificate', () => {
    const cert = Buffer.from([0x30, 0x01, 0xff]);
    expect(enumName('+15550100', 'e164.yakker.test.')).toBe('0.0.1.0.5.5.5.1.e164.yakker.test');
    expect(
      recordsFor({
        number: '+15550100',
        target: 'sip:+15550100@a.provider.test',
        certDer: cert,
        extraCerts: [Buffer.from([1])],
      }),
    ).toEqual([
      '0.0.1.0.5.5.5.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:+15550100@a.provider.test!" .',
      '_smimecert.0.0.1.0.5.5.5.1 SMIMEA 3 0 0 3001ff',
      '_smimecert.0.0.1.0.5.5.5.1 SMIMEA 3 0 0 01',
    ]);
    expect(
      recordsFor({ number: '+15550100', target: null, certDer: cert, extraCerts: [] }),
    ).toEqual(['_smimecert.0.0.1.0.5.5.5.1 SMIMEA 3 0 0 3001ff']);
  });
});
