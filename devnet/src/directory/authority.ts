/**
 * The devnet authority: an ES256 key (kept in `<state>/authority/`, across restarts) that signs
 * the list of authorised providers as a compact JWS (RFC 7515). Its public JWK goes into
 * devnet.json (`authority.publicJwk`), where clients pin it.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CompactSign,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';

export const AUTHORITY_ISSUER = 'yakker-devnet-authority';

export interface AuthorisedProvider {
  name: string;
  /** The provider's SIP domain (what NAPTR targets name). */
  domain: string;
  /** Its provider API, or null while the devnet has none. */
  apiUrl: string | null;
}

export interface ProviderList {
  iss: string;
  /** Issued at, Unix seconds. */
  iat: number;
  providers: AuthorisedProvider[];
}

export interface DevnetAuthority {
  publicJwk: JWK;
  /** The JWS `kid`: the RFC 7638 thumbprint of the public key. */
  keyId: string;
  sign(list: ProviderList): Promise<string>;
}

/** Loads the authority key from `dir`, or makes one there (private JWK, mode 0600). */
export async function ensureAuthority(dir: string): Promise<DevnetAuthority> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'authority-key.jwk');
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateJwk = await exportJWK(pair.privateKey);
    await writeFile(file, `${JSON.stringify(privateJwk)}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
  }
  const { kty, crv, x, y } = privateJwk;
  if (kty !== 'EC' || crv !== 'P-256' || x === undefined || y === undefined)
    throw new Error(`${file}: not a P-256 key`);
  const publicJwk: JWK = { kty, crv, x, y, alg: 'ES256', use: 'sig' };
  const keyId = await calculateJwkThumbprint(publicJwk);
  const key = await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256');
  return {
    publicJwk: { ...publicJwk, kid: keyId },
    keyId,
    sign: (list) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(list)))
        .setProtectedHeader({ alg: 'ES256', kid: keyId, typ: 'yakker-providers+jws' })
        .sign(key),
  };
}
