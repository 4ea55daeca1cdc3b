/**
 * The devnet's TSIG key (RFC 8945, HMAC-SHA256): whoever holds it may update the directory zone.
 * Kept in the state folder as one line `hmac-sha256:NAME:BASE64` (mode 0600), the format
 * knsupdate and kdig read with `-k`, so the secret never appears on a command line.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export interface TsigKey {
  name: string;
  algorithm: 'hmac-sha256';
  /** Base64. */
  secret: string;
}

export const DIRECTORY_TSIG_NAME = 'devnet-directory-update';

export function generateTsigKey(name = DIRECTORY_TSIG_NAME): TsigKey {
  return { name, algorithm: 'hmac-sha256', secret: randomBytes(32).toString('base64') };
}

export function writeTsigKeyFile(file: string, key: TsigKey): void {
  writeFileSync(file, `${key.algorithm}:${key.name}:${key.secret}\n`, { mode: 0o600 });
}

export function readTsigKeyFile(file: string): TsigKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`no TSIG key at ${file}: is the devnet up?`, { cause: error });
  }
  const match = /^hmac-sha256:([A-Za-z0-9.-]+):([A-Za-z0-9+/]+=*)\s*$/.exec(text);
  if (match === null) throw new Error(`${file} is not a TSIG key (hmac-sha256:NAME:BASE64)`);
  return { name: match[1] ?? '', algorithm: 'hmac-sha256', secret: match[2] ?? '' };
}
