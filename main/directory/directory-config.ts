import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { z } from 'zod';
import { YakkerError } from '../../shared/contract/result';
import type { NetworkProfile } from '../network/network-profile';

/** What the directory client needs from the network profile. */
export interface DirectoryConfig {
  /** `https://host:port`, no trailing slash. */
  url: string;
  caPem: string | null;
  /** The authority key that signs the provider list (devnet.json `authority.publicJwk`). */
  authorityJwk: JWK;
}

const authoritySchema = z.object({
  authority: z
    .object({
      publicJwk: z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256') }),
    })
    .nullable()
    .optional(),
});

/**
 * The directory URL, CA and pinned authority key of a network profile. The profile file is read
 * again here for `authority` (main/network parses what DNS and SIP need). A profile without a
 * directory or an authority key cannot sign anyone up: `not-configured`, in plain words.
 */
export function directoryConfigOf(profile: NetworkProfile): DirectoryConfig {
  if (profile.directoryUrl === null || profile.file === null)
    throw new YakkerError(
      'not-configured',
      `The network "${profile.name}" has no directory service to sign up with.`,
    );
  let authority: JWK | undefined;
  try {
    const parsed = authoritySchema.safeParse(JSON.parse(readFileSync(profile.file, 'utf8')));
    authority = parsed.success ? parsed.data.authority?.publicJwk : undefined;
  } catch {
    authority = undefined;
  }
  if (authority === undefined)
    throw new YakkerError(
      'not-configured',
      `The network profile ${profile.file} pins no authority key, so the list of providers can't be checked.`,
    );
  return {
    url: profile.directoryUrl.replace(/\/+$/, ''),
    caPem: profile.caPem,
    authorityJwk: authority,
  };
}
