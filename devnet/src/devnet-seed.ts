/**
 * `yakker devnet seed`: the demo accounts alice (+15550100 on provider A) and bob (+15550101 on
 * provider B). Each gets a key and certificate (demo-identity.ts, or the caller's, e.g. from the
 * keychain), SIP digest credentials on its provider, and ENUM NAPTR + SMIMEA records in the
 * directory zone: demo keys through the directory API (create, SMS code, signed verify), other
 * certificates (e.g. from the keychain) written directly by a dynamic update to Knot
 * (publishDirectoryEntries). Idempotent.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDemoIdentity } from './demo-identity';
import { devnetPaths } from './devnet-paths';
import { readProfile } from './devnet-profile';
import { devnetStatus } from './devnet';
import { publishDirectoryEntries, type DirectoryEntries } from './directory-records';
import { directoryRecords } from './dns/devnet-zones';
import { registerThroughApi } from './directory/api-registration';
import { openProviderDb } from './provider-db';

export interface DemoAccount {
  user: string;
  e164: string;
  /** Provider name in devnet.json ("a" or "b"). */
  provider: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { user: 'alice', e164: '+15550100', provider: 'a' },
  { user: 'bob', e164: '+15550101', provider: 'b' },
];

/** A certificate made elsewhere (e.g. an identity in the OS keychain) to publish instead. */
export interface ExternalCertificate {
  certDer: Buffer;
  /** Where it lives, for the output (e.g. "keychain identity 3f2a…"). */
  source: string;
}

export interface SeededAccount {
  user: string;
  e164: string;
  sipUri: string;
  domain: string;
  /** SIP digest credentials on the provider (demo users only: stored in the state folder). */
  sipUser: string;
  password: string;
  /** Where the key and certificate are: files in the state folder, or what the caller said. */
  certificate: string;
  key: string | null;
  records: string[];
}

export interface SeedOptions {
  stateDir: string;
  /** Supplies a certificate for an account instead of a demo key in the state folder. */
  certificateFor?: (account: DemoAccount, sipUri: string) => Promise<ExternalCertificate>;
}

function readPasswords(file: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

export async function devnetSeed(options: SeedOptions): Promise<SeededAccount[]> {
  const paths = devnetPaths(options.stateDir);
  const status = devnetStatus(options);
  const profile = readProfile(paths.profile);
  const knot = status.processes.find((p) => p.name === 'knot' && p.running);
  if (status.state !== 'running' || profile === null || knot === undefined)
    throw new Error(`no devnet runs in ${paths.stateDir}: yakker devnet up first`);
  const passwordFile = join(paths.demoUsers, 'sip-passwords.json');
  const passwords = readPasswords(passwordFile);
  const direct: DirectoryEntries = {};
  const seeded: SeededAccount[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const provider = profile.providers.find((p) => p.name === account.provider);
    if (provider === undefined) throw new Error(`devnet.json has no provider ${account.provider}`);
    const sipUri = `sip:${account.e164}@${provider.domain}`;
    const external = await options.certificateFor?.(account, sipUri);
    const demo = external
      ? undefined
      : await ensureDemoIdentity(paths.demoUsers, account.user, account.e164, sipUri);
    const certDer = external?.certDer ?? demo?.certDer ?? Buffer.alloc(0);
    const password = passwords[account.user] ?? randomBytes(12).toString('base64url');
    passwords[account.user] = password;
    const db = await openProviderDb(provider.stateDir, provider.domain);
    await db.putUser(account.e164, password);
    let records = directoryRecords(account.e164, sipUri, certDer);
    // Demo keys register through the directory API (proves the path); certificates from
    // elsewhere (the keychain: no key here to sign with) are written straight into the zone.
    if (demo !== undefined && profile.directoryUrl !== null)
      records = await registerThroughApi({
        directoryUrl: profile.directoryUrl,
        caPem: readFileSync(profile.caCertFile, 'utf8'),
        number: account.e164,
        target: sipUri,
        certDer,
        keyPem: readFileSync(demo.keyPath, 'utf8'),
      });
    else direct[account.e164] = records;
    seeded.push({
      user: account.user,
      e164: account.e164,
      sipUri,
      domain: provider.domain,
      sipUser: account.e164,
      password,
      certificate: external?.source ?? demo?.certPath ?? '',
      key: demo?.keyPath ?? null,
      records,
    });
  }
  writeFileSync(passwordFile, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  if (Object.keys(direct).length > 0) await publishDirectoryEntries(paths, direct);
  return seeded;
}
