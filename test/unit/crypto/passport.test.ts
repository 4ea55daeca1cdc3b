import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { codeOf } from '../../support/error-code';
import { describe, expect, it } from 'vitest';
import {
  formatIdentityHeader,
  parseIdentityHeader,
  smimeaInfoUri,
} from '../../../main/crypto/identity-header';
import { signPassport, verifyPassport } from '../../../main/crypto/passport';
import { canonicalJson, passportIdentity } from '../../../shared/crypto/passport-claims';
import { extractFingerprints } from '../../../shared/crypto/sdp-fingerprint';

/** RFC 8225 Appendix A: the example private key, PASSporT and signature. */
const RFC8225_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgi7q2TZvN9VDFg8Vy
qCP06bETrR2v8MRvr89rn4i+UAahRANCAAQWfaj1HUETpoNCrOtp9KA8o0V79IuW
ARKt9C1cFPkyd3FBP4SeiNZxQhDrD0tdBHls3/wFe8++K2FrPyQF9vuh
-----END PRIVATE KEY-----`;
const RFC8225_HEADER_B64 =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9jZXJ0LmV4YW1wbGUub3JnL3Bhc3Nwb3J0LmNlciJ9';
const RFC8225_PAYLOAD_B64 =
  'eyJkZXN0Ijp7InVyaSI6WyJzaXA6YWxpY2VAZXhhbXBsZS5jb20iXX0sImlhdCI6MTQ3MTM3NTQxOCwib3JpZyI6eyJ0biI6IjEyMTU1NTUxMjEyIn19';
const RFC8225_SIGNATURE =
  'VLBCIVDCaeK6M4hLJb6SHQvacAQVvoiiEOWQ_iUkqk79UD81fHQ0E1b3_GluIkba7UWYRM47ZbNFdOJquE35cw';
const RFC8225_CLAIMS = {
  dest: { uri: ['sip:alice@example.com'] },
  iat: 1471375418,
  orig: { tn: '12155551212' },
};

/** RFC 8225 §5.2.2 example SDP fingerprints (mky). */
const SDP = [
  'v=0',
  'o=- 0 0 IN IP4 127.0.0.1',
  'a=fingerprint:sha-256 02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:3F:54:42:CD:54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=fingerprint:SHA-256 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab:3e:4b:65:2e:7d:46:3f:54:42:cd:54:f1',
  'a=fingerprint:sha-256 02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:3F:54:42:CD:54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2',
].join('\r\n');

const b64url = (s: string) => Buffer.from(s).toString('base64url');

describe('PASSporT (RFC 8225) vectors', () => {
  it('serialises the Appendix A header and claims byte for byte (deterministic JSON, §9)', () => {
    expect(
      b64url(
        canonicalJson({
          x5u: 'https://cert.example.org/passport.cer',
          typ: 'passport',
          alg: 'ES256',
        }),
      ),
    ).toBe(RFC8225_HEADER_B64);
    expect(b64url(canonicalJson(RFC8225_CLAIMS))).toBe(RFC8225_PAYLOAD_B64);
  });

  it('notes that the published Appendix A signature matches neither Appendix A key', async () => {
    // RFC 8225's example is internally inconsistent (the signature was made with another key),
    // so the interoperable vector is the signing input above; we do not claim more.
    const token = `${RFC8225_HEADER_B64}.${RFC8225_PAYLOAD_B64}.${RFC8225_SIGNATURE}`;
    const publicKey = createPublicKey(createPrivateKey(RFC8225_KEY));
    const expectation = { orig: { tn: '12155551212' }, nowSeconds: 1471375418 };
    await expect(verifyPassport(token, publicKey, expectation)).rejects.toMatchObject({
      code: 'crypto-signature-invalid',
    });
  });

  it('signs with the RFC key and produces the RFC header and payload (signature is randomised)', async () => {
    const token = await signPassport(
      createPrivateKey(RFC8225_KEY),
      RFC8225_CLAIMS,
      'https://cert.example.org/passport.cer',
    );
    const [h, p] = token.split('.');
    expect(h).toBe(RFC8225_HEADER_B64);
    expect(p).toBe(RFC8225_PAYLOAD_B64);
    const publicKey = createPublicKey(createPrivateKey(RFC8225_KEY));
    const claims = await verifyPassport(token, publicKey, {
      orig: { tn: '12155551212' },
      dest: { uri: 'sip:alice@example.com' },
      nowSeconds: 1471375418 + 10,
    });
    expect(claims).toEqual(RFC8225_CLAIMS);
  });
});

describe('PASSporT with mky, and its checks', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const mky = extractFingerprints(SDP);
  const claims = {
    orig: passportIdentity('tel:+15550100'),
    dest: { tn: ['15550101'] },
    iat: 1_800_000_000,
    mky,
  };
  const expect_ = {
    orig: { tn: '15550100' },
    dest: { tn: '15550101' },
    fingerprints: mky,
    nowSeconds: 1_800_000_030,
  };

  it('extracts every a=fingerprint, normalised, sorted and de-duplicated (RFC 8225 §5.2.2)', () => {
    expect(mky).toEqual([
      {
        alg: 'sha-256',
        dig: '02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:3F:54:42:CD:54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2',
      },
      {
        alg: 'sha-256',
        dig: '4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:65:2E:7D:46:3F:54:42:CD:54:F1',
      },
    ]);
    expect(extractFingerprints('v=0\r\na=fingerprint:sha-256 zz\r\n')).toEqual([]);
  });

  it('round-trips and carries mky in canonical order', async () => {
    const token = await signPassport(
      privateKey,
      claims,
      'dns:_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test?type=SMIMEA',
    );
    const payload = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString();
    expect(payload).toBe(canonicalJson(claims));
    expect(
      payload.startsWith('{"dest":{"tn":["15550101"]},"iat":1800000000,"mky":[{"alg":"sha-256"'),
    ).toBe(true);
    await expect(verifyPassport(token, publicKey, expect_)).resolves.toEqual(claims);
  });

  it('fails with a distinct code for each problem', async () => {
    const token = await signPassport(privateKey, claims, 'dns:x');
    expect(await codeOf(verifyPassport(token, other.publicKey, expect_))).toBe(
      'crypto-signature-invalid',
    );
    const [h, p, s] = token.split('.');
    const tamperedSig = `${h ?? ''}.${p ?? ''}.${(s ?? '').startsWith('A') ? 'B' : 'A'}${(s ?? '').slice(1)}`;
    expect(await codeOf(verifyPassport(tamperedSig, publicKey, expect_))).toBe(
      'crypto-signature-invalid',
    );
    expect(
      await codeOf(verifyPassport(token, publicKey, { ...expect_, nowSeconds: 1_800_000_061 })),
    ).toBe('crypto-stale');
    expect(
      await codeOf(verifyPassport(token, publicKey, { ...expect_, orig: { tn: '15550199' } })),
    ).toBe('crypto-sender-mismatch');
    expect(
      await codeOf(verifyPassport(token, publicKey, { ...expect_, dest: { uri: 'sip:x@y' } })),
    ).toBe('crypto-sender-mismatch');
    expect(
      await codeOf(verifyPassport(token, publicKey, { ...expect_, fingerprints: mky.slice(1) })),
    ).toBe('crypto-fingerprint-mismatch');
    expect(await codeOf(verifyPassport('not.a-token', publicKey, expect_))).toBe(
      'crypto-malformed',
    );
  });

  it('formats and parses the Identity header (RFC 8224 §4.1)', async () => {
    const token = await signPassport(privateKey, claims, 'dns:x');
    const info = smimeaInfoUri('_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test.');
    expect(info).toBe('dns:_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test?type=SMIMEA');
    const header = formatIdentityHeader(token, info);
    expect(parseIdentityHeader(header)).toEqual({ token, info, alg: 'ES256', ppt: null });
    expect(() => parseIdentityHeader('garbage;info=<x>')).toThrow(
      expect.objectContaining({ code: 'crypto-malformed' }),
    );
  });
});
