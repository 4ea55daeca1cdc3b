/**
 * What the directory tests share: a devnet started through the CLI in a temporary state folder,
 * identities with a key and a `tel:` certificate, our validating resolver and delv on the
 * devnet's DNS, and a read-only look at the directory's SQLite state.
 */
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ensureDemoIdentity } from '../../devnet/src/demo-identity';
import type { DevnetProfile } from '../../devnet/src/index';
import { lookupCertificates } from '../../main/resolver/cert/cert-lookup';
import { createResolver } from '../../main/resolver/create-resolver';
import { lookupEnum } from '../../main/resolver/enum/enum-lookup';
import { yakker, type CliRun as Run } from './yakker-cli';
import { directoryClient, type DirectoryClient, type Signer } from './directory-client';

export { yakker, type CliRun as Run } from './yakker-cli';

export interface TestIdentity extends Signer {
  number: string;
  certPem: string;
  certBase64: string;
}

/** A P-256 key and a self-signed certificate with `tel:<number>` (openssl, like seed's). */
export async function makeIdentity(
  dir: string,
  user: string,
  number: string,
): Promise<TestIdentity> {
  const id = await ensureDemoIdentity(dir, user, number, `sip:${number}@a.provider.test`);
  return {
    number,
    key: createPrivateKey(readFileSync(id.keyPath)),
    certDer: id.certDer,
    certPem: readFileSync(id.certPath, 'utf8'),
    certBase64: id.certDer.toString('base64'),
  };
}

/** The number's records as our resolver sees them on the devnet DNS (no cache). */
export async function dnsView(profile: DevnetProfile, number: string) {
  const resolver = createResolver({
    servers: [{ host: profile.dns.host, port: profile.dns.port }],
    trustAnchorFiles: [profile.dns.trustAnchorFile],
    cache: false,
  });
  const suffix = profile.directory.suffix;
  const enumResult = await lookupEnum(resolver, number, { suffix });
  const certs = await lookupCertificates(resolver, `tel:${number}`, { suffix });
  return {
    enumStatus: enumResult.status,
    uris: enumResult.uris.map((u) => u.uri),
    certStatus: certs.status,
    certs: certs.certificates.map((c) => Buffer.from(c.der).toString('base64')),
  };
}

/** Every row of the directory's tables (nonces excepted), to show a refusal changed nothing. */
export interface DbSnapshot {
  accounts: unknown[];
  challenges: unknown[];
  lockouts: unknown[];
  sms: unknown[];
  nonces: unknown[];
}

export function dbSnapshot(profile: DevnetProfile): DbSnapshot {
  const db = new Database(join(profile.stateDir, 'directory', 'directory.sqlite'), {
    readonly: true,
  });
  try {
    const rows = (table: string): unknown[] => db.prepare(`SELECT * FROM ${table}`).all();
    return {
      accounts: rows('accounts'),
      challenges: rows('challenges'),
      lockouts: rows('lockouts'),
      sms: rows('sms'),
      nonces: rows('nonces'),
    };
  } finally {
    db.close();
  }
}

export interface DirectoryDevnet {
  stateDir: string;
  /** Where test identities' keys and certificates go. */
  idDir: string;
  profile: DevnetProfile;
  api: DirectoryClient;
  /** `yakker devnet down`, then the state folder is removed. */
  stop(): Promise<Run>;
}

/** `yakker devnet up` in a fresh temporary state folder, and a client for its directory. */
export async function startDirectoryDevnet(name: string): Promise<DirectoryDevnet> {
  const stateDir = mkdtempSync(join(tmpdir(), `yakker-${name}-`));
  const up = await yakker(['--json', 'devnet', 'up', '--state', stateDir]);
  if (up.status !== 0) throw new Error(`devnet up failed: ${up.stderr}`);
  const profile = JSON.parse(readFileSync(join(stateDir, 'devnet.json'), 'utf8')) as DevnetProfile;
  if (profile.directoryUrl === null) throw new Error('devnet.json has no directoryUrl');
  return {
    stateDir,
    idDir: join(stateDir, 'test-identities'),
    profile,
    api: directoryClient(profile.directoryUrl, readFileSync(profile.caCertFile, 'utf8')),
    stop: async () => {
      const down = await yakker(['devnet', 'down', '--state', stateDir]);
      rmSync(stateDir, { recursive: true, force: true });
      return down;
    },
  };
}

/** The newest SMS code the sink holds for `number`. */
export async function smsCode(api: DirectoryClient, number: string): Promise<string> {
  const reply = await api.get(`/v1/sms?number=${encodeURIComponent(number)}`);
  const messages = (reply.json as { messages?: { text: string }[] } | undefined)?.messages ?? [];
  const code = /\b([0-9]{6})\b/.exec(messages[0]?.text ?? '')?.[1];
  if (code === undefined) throw new Error(`no SMS code for ${number}: ${reply.text}`);
  return code;
}

/** create + verify through the API: an active account with `target`. */
export async function register(
  api: DirectoryClient,
  id: TestIdentity,
  target: string,
): Promise<void> {
  const created = await api.post('/v1/accounts', { number: id.number, certificate: id.certBase64 });
  if (created.status !== 202) throw new Error(`create failed: ${created.text}`);
  const code = await smsCode(api, id.number);
  const verified = await api.post('/v1/accounts/verify', { number: id.number, code, target }, id);
  if (verified.status !== 200) throw new Error(`verify failed: ${verified.text}`);
}
