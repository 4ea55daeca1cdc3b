/**
 * The provider API's signature check over a fake resolver: only a DNSSEC-secure SMIMEA answer
 * counts; no record, an insecure or bogus answer, a keyid that is not the published certificate,
 * a signature by another key, a missing covered component and a stale signature are refused,
 * each with its own code. (The real resolver and NSD: test/integration/devnet-provider.test.ts.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signHttpMessage } from '../../../main/crypto/http-signature';
import { publishedKeyVerifier } from '../../../main/cli/commands/devnet-request-verifier';
import type { DnssecStatus, Resolver, ValidatedAnswer } from '../../../main/resolver/types';
import { makeTestIdentity, type TestIdentity } from '../../support/crypto-fixtures';

const NUMBER = '+15550100';
const URL_ = 'https://127.0.0.1:4443/v1/accounts';

function fakeResolver(status: DnssecStatus, certs: Uint8Array[]): Resolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolve: (name, type): Promise<ValidatedAnswer> => {
      asked.push(`${name} ${type}`);
      return Promise.resolve({
        name,
        type,
        status,
        rcode: certs.length > 0 ? 'NOERROR' : 'NXDOMAIN',
        answers: certs.map((der) => ({
          name,
          type: 'SMIMEA',
          ttl: 300,
          data: '3 0 0 ...',
          rdata: new Uint8Array([3, 0, 0, ...der]),
        })),
        reason: `fake ${status}`,
      });
    },
  };
}

const der = (id: TestIdentity): Uint8Array => new Uint8Array(id.certificate.der);
const fp = (id: TestIdentity): string => createHash('sha256').update(der(id)).digest('hex');

async function signed(id: TestIdentity, o: { keyId?: string; created?: Date } = {}) {
  const body = JSON.stringify({ number: NUMBER });
  return signHttpMessage(
    {
      method: 'POST',
      url: URL_,
      headers: {
        'content-type': 'application/json',
        'content-digest': `sha-256=:${createHash('sha256').update(body).digest('base64')}:`,
      },
    },
    {
      key: id.key,
      keyId: o.keyId ?? fp(id),
      created: o.created ?? new Date(),
      nonce: randomBytes(16).toString('hex'),
    },
  );
}

const options = (now = new Date()) => ({
  requiredFields: ['@method', '@target-uri', 'content-digest'],
  now,
  maxAgeSeconds: 60,
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('publishedKeyVerifier', () => {
  it('accepts a signature by the published key and looks up the ENUM SMIMEA name', async () => {
    const alice = await makeTestIdentity({ tel: NUMBER });
    const resolver = fakeResolver('secure', [der(alice)]);
    const verify = publishedKeyVerifier(resolver, 'e164.yakker.test.');
    const result = await verify(await signed(alice), NUMBER, options());
    expect(result.keyId).toBe(fp(alice));
    expect(resolver.asked).toEqual(['_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test SMIMEA']);
  });

  it('refuses with a code for each failure', async () => {
    const alice = await makeTestIdentity({ tel: NUMBER });
    const mallory = await makeTestIdentity({ tel: NUMBER });
    const verify = (status: DnssecStatus, certs: Uint8Array[]) =>
      publishedKeyVerifier(fakeResolver(status, certs), 'e164.yakker.test.');
    const req = await signed(alice);
    expect(await code(verify('insecure', [der(alice)])(req, NUMBER, options()))).toBe('insecure');
    expect(await code(verify('bogus', [der(alice)])(req, NUMBER, options()))).toBe('insecure');
    expect(await code(verify('secure', [])(req, NUMBER, options()))).toBe('not-published');
    expect(
      await code(verify('secure', [der(alice)])(await signed(mallory), NUMBER, options())),
    ).toBe('key-mismatch');
    const forged = await signed(mallory, { keyId: fp(alice) });
    expect(await code(verify('secure', [der(alice)])(forged, NUMBER, options()))).toBe(
      'signature-invalid',
    );
    const old = await signed(alice, { created: new Date(Date.now() - 600_000) });
    expect(await code(verify('secure', [der(alice)])(old, NUMBER, options()))).toBe('stale');
    const uncovered = { ...req, headers: { ...req.headers } };
    const noDigest = publishedKeyVerifier(
      fakeResolver('secure', [der(alice)]),
      'e164.yakker.test.',
    );
    expect(
      await code(
        noDigest(uncovered, NUMBER, {
          ...options(),
          requiredFields: ['@method', 'content-length'],
        }),
      ),
    ).toBe('signature-invalid');
  });
});
