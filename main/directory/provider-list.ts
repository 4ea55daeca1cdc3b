import { compactVerify, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { YakkerError } from '../../shared/contract/result';

/** One provider the network's authority vouches for. */
export const authorisedProviderSchema = z.object({
  name: z.string().min(1).max(128),
  /** Its SIP domain: what NAPTR targets name. */
  domain: z.string().min(1).max(253),
  /** Its provider API (HTTPS); null while it has none. */
  apiUrl: z.url().nullable(),
});
export type AuthorisedProvider = z.infer<typeof authorisedProviderSchema>;

const listSchema = z.object({
  iss: z.string(),
  iat: z.number().int(),
  providers: z.array(authorisedProviderSchema).max(100),
});

export const CANT_VERIFY = "can't verify the list of providers";

/**
 * Verifies the authority's provider list: a compact JWS (ES256) that must verify with the key the
 * network profile pins (never a key the list names itself). Anything else, a bad signature, a
 * different key, another algorithm, a malformed payload, is refused with crypto-signature-invalid.
 */
export async function verifyProviderList(
  jws: string,
  pinnedJwk: JWK,
): Promise<AuthorisedProvider[]> {
  let payload: Uint8Array;
  try {
    const key = await importJWK({ ...pinnedJwk, alg: 'ES256' }, 'ES256');
    ({ payload } = await compactVerify(jws.trim(), key, { algorithms: ['ES256'] }));
  } catch (error) {
    throw new YakkerError(
      'crypto-signature-invalid',
      `${CANT_VERIFY}: its signature does not match the network's authority key`,
      { cause: error },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    data = null;
  }
  const parsed = listSchema.safeParse(data);
  if (!parsed.success)
    throw new YakkerError('crypto-signature-invalid', `${CANT_VERIFY}: it is not a provider list`);
  return parsed.data.providers;
}
