import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { codeOf } from '../../support/error-code';
import { describe, expect, it } from 'vitest';
import { httpbis } from 'http-message-signatures';
import { signHttpMessage, verifyHttpMessage } from '../../../main/crypto/http-signature';

/** RFC 9421 Appendix B.1.3 test-key-ecc-p256. */
const TEST_KEY_ECC_P256 = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIFKbhfNZfpDsW43+0+JjUr9K+bTeuxopu653+hBaXGA7oAoGCCqGSM49
AwEHoUQDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lfw0EkjqF7xB4FivAxzic30tMM
4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==
-----END EC PRIVATE KEY-----`;
const TEST_KEY_ECC_P256_PUBLIC = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf
w0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==
-----END PUBLIC KEY-----`;

/** RFC 9421 Appendix B.2.4: a response signed with ecdsa-p256-sha256. */
function b24Response() {
  return {
    status: 200,
    headers: {
      Date: 'Tue, 20 Apr 2021 02:07:56 GMT',
      'Content-Type': 'application/json',
      'Content-Digest':
        'sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:',
      'Content-Length': '23',
      'Signature-Input':
        'sig-b24=("@status" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-ecc-p256"',
      Signature:
        'sig-b24=:wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw==:',
    },
  };
}
const B24_BASE = [
  '"@status": 200',
  '"content-type": application/json',
  '"content-digest": sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:',
  '"content-length": 23',
  '"@signature-params": ("@status" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-ecc-p256"',
].join('\n');

const publicKey = createPublicKey(TEST_KEY_ECC_P256_PUBLIC);
const lookup = (id: string) => Promise.resolve(id === 'test-key-ecc-p256' ? publicKey : null);

describe('RFC 9421 Appendix B vectors', () => {
  it('builds the B.2.4 signature base', () => {
    const base = httpbis.createSignatureBase(
      { fields: ['@status', 'content-type', 'content-digest', 'content-length'] },
      b24Response(),
    );
    const params =
      '("@status" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-ecc-p256"';
    expect(`${httpbis.formatSignatureBase(base)}\n"@signature-params": ${params}`).toBe(B24_BASE);
  });

  it('verifies the B.2.4 signature made with test-key-ecc-p256', async () => {
    await expect(
      verifyHttpMessage(b24Response(), {
        keyLookup: lookup,
        now: new Date('2021-04-20T02:08:00Z'),
        maxAgeSeconds: 60,
      }),
    ).resolves.toBeUndefined();
  });

  it('rejects the B.2.4 response when a signed field changed', async () => {
    const res = b24Response();
    res.headers['Content-Length'] = '24';
    expect(
      await codeOf(
        verifyHttpMessage(res, { keyLookup: lookup, now: new Date('2021-04-20T02:08:00Z') }),
      ),
    ).toBe('crypto-signature-invalid');
  });
});

describe('RFC 9421 sign and verify (ecdsa-p256-sha256)', () => {
  const key = createPrivateKey(TEST_KEY_ECC_P256);
  const created = new Date('2026-11-24T12:00:00Z');
  const request = () => ({
    method: 'POST',
    url: 'https://directory.yakker.test/v1/accounts',
    headers: {
      'Content-Type': 'application/json',
      'Content-Digest': 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:',
    },
  });

  it('round-trips with created, keyid and alg', async () => {
    const signed = await signHttpMessage(request(), { key, keyId: 'test-key-ecc-p256', created });
    expect(String((signed.headers as Record<string, unknown>)['Signature-Input'])).toContain(
      '("@method" "@target-uri" "content-type" "content-digest");created=1795521600;keyid="test-key-ecc-p256";alg="ecdsa-p256-sha256"',
    );
    await expect(
      verifyHttpMessage(signed, {
        keyLookup: lookup,
        now: created,
        requiredFields: ['@method', 'content-digest'],
      }),
    ).resolves.toBeUndefined();
  });

  it('fails closed: tampered, unknown key, missing required field, too old', async () => {
    const signed = await signHttpMessage(request(), { key, keyId: 'test-key-ecc-p256', created });
    const now = created;
    expect(
      await codeOf(verifyHttpMessage({ ...signed, method: 'PUT' }, { keyLookup: lookup, now })),
    ).toBe('crypto-signature-invalid');
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(
      await codeOf(verifyHttpMessage(signed, { keyLookup: () => Promise.resolve(stranger), now })),
    ).toBe('crypto-signature-invalid');
    expect(
      await codeOf(verifyHttpMessage(signed, { keyLookup: () => Promise.resolve(null), now })),
    ).toBe('crypto-signature-invalid');
    expect(
      await codeOf(verifyHttpMessage(signed, { keyLookup: lookup, now, requiredFields: ['date'] })),
    ).toBe('crypto-signature-invalid');
    const later = new Date(created.getTime() + 3_600_000);
    expect(await codeOf(verifyHttpMessage(signed, { keyLookup: lookup, now: later }))).toBe(
      'crypto-stale',
    );
    expect(await codeOf(verifyHttpMessage(request(), { keyLookup: lookup, now }))).toBe(
      'crypto-signature-invalid',
    );
  });
});
