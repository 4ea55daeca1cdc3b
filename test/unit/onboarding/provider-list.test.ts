import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyProviderList } from '../../../main/directory/provider-list';
import { toE164 } from '../../../main/onboarding/phone-number';
import { YakkerError } from '../../../shared/contract/result';

const list = {
  iss: 'yakker-devnet-authority',
  iat: 1,
  providers: [{ name: 'a', domain: 'a.provider.test', apiUrl: 'https://127.0.0.1:4443' }],
};

async function authority() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const sign = (payload: unknown, alg = 'ES256') =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg })
      .sign(privateKey);
  return { jwk: await exportJWK(publicKey), sign };
}

async function refusal(p: Promise<unknown>): Promise<YakkerError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof YakkerError))
    throw new Error(`expected a YakkerError, got ${String(error)}`);
  return error;
}

describe('verifyProviderList', () => {
  it('accepts a list signed by the pinned key', async () => {
    const a = await authority();
    expect(await verifyProviderList(await a.sign(list), a.jwk)).toEqual(list.providers);
  });

  it("refuses another key, a changed payload, alg none and garbage: can't verify", async () => {
    const a = await authority();
    const b = await authority();
    const good = await a.sign(list);
    const [h, , s] = good.split('.');
    const other = Buffer.from(JSON.stringify({ ...list, providers: [] })).toString('base64url');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${good.split('.')[1] ?? ''}.`;
    for (const jws of [good, `${h ?? ''}.${other}.${s ?? ''}`, none, 'not a jws']) {
      const e = await refusal(verifyProviderList(jws, jws === good ? b.jwk : a.jwk));
      expect(e.code).toBe('crypto-signature-invalid');
      expect(e.message).toMatch(/^can't verify the list of providers/);
    }
  });

  it('refuses a well-signed payload that is not a provider list', async () => {
    const a = await authority();
    const e = await refusal(verifyProviderList(await a.sign({ hello: 1 }), a.jwk));
    expect(e.message).toMatch(/not a provider list/);
  });
});

describe('toE164', () => {
  it('strips formatting and reads national numbers in the default country', () => {
    expect(toE164(' +1 (555) 012-3 ', 'US')).toBe('+15550123');
    expect(toE164('030 1234567', 'DE')).toBe('+49301234567');
  });

  it('refuses what is not a number, in plain words', () => {
    for (const typed of ['12', '+0123456', 'call me', '+1234567890123456', '']) {
      expect(() => toE164(typed, 'US'), typed).toThrow(/with \+ and your country code/);
    }
  });
});
