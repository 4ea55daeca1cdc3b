/**
 * The provider's SQLite databases, shared with Kamailio (db_sqlite, WAL):
 * - provider.sqlite: `subscriber` (digest credentials) and `peer` (inter-provider routes). Node
 *   writes, Kamailio reads on every request, so a change is live at once (no reload, no RPC).
 * - silo.sqlite: msilo's `silo` (stored MESSAGEs). Only Kamailio writes; Node reads counts.
 * Written through the sqlite3 CLI (Node 20 has no node:sqlite). Every value is validated to a
 * strict alphabet before it reaches SQL, and quoted as well. Only HA1 hashes are stored.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { KAMAILIO_RESOURCE_DIR } from './devnet-paths';
import { runTool } from './run-tool';

/** SIP user part we issue: letters, digits, E.164 '+', and . _ ~ - (no quoting ever needed). */
export const SIP_USER_RE = /^[A-Za-z0-9+._~-]{1,64}$/;
export const DOMAIN_RE = /^[a-z0-9]([a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}$/;
const TARGET_RE = /^127\.0\.0\.1:[0-9]{1,5}$/;

function q(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export interface ProviderDb {
  providerDbPath: string;
  siloDbPath: string;
  /** acc's CDRs of PSTN calls (Kamailio writes, the provider API reads). */
  accDbPath: string;
  putUser(user: string, password: string): Promise<void>;
  deleteUser(user: string): Promise<boolean>;
  putPeer(domain: string, port: number): Promise<void>;
  deletePeer(domain: string): Promise<void>;
  storedMessageCount(user?: string): Promise<number>;
}

async function sql(db: string, statements: string): Promise<string> {
  const { stdout } = await runTool('sqlite3', ['-batch', '-bail', db], {
    input: `.timeout 5000\n${statements}\n`,
  });
  return stdout.trim();
}

function readSchema(file: string): Promise<string> {
  return readFile(join(KAMAILIO_RESOURCE_DIR, file), 'utf8');
}

export async function openProviderDb(stateDir: string, domain: string): Promise<ProviderDb> {
  if (!DOMAIN_RE.test(domain)) throw new Error(`bad SIP domain: ${domain}`);
  const providerDbPath = join(stateDir, 'provider.sqlite');
  const siloDbPath = join(stateDir, 'silo.sqlite');
  const accDbPath = join(stateDir, 'acc.sqlite');
  const base = await readSchema('kamailio-db-base.sql');
  await sql(providerDbPath, base + (await readSchema('provider-db.sql')));
  await sql(siloDbPath, base + (await readSchema('silo-db.sql')));
  await sql(accDbPath, base + (await readSchema('acc-db.sql')));

  return {
    providerDbPath,
    siloDbPath,
    accDbPath,
    async putUser(user, password) {
      if (!SIP_USER_RE.test(user)) throw new Error(`bad SIP user name: ${JSON.stringify(user)}`);
      if (password.length < 8 || password.length > 256) {
        throw new Error('SIP password must be 8 to 256 characters');
      }
      const ha1 = md5(`${user}:${domain}:${password}`);
      const ha1b = md5(`${user}@${domain}:${domain}:${password}`);
      await sql(
        providerDbPath,
        `INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES (${q(user)}, ${q(domain)}, '', ${q(ha1)}, ${q(ha1b)})
         ON CONFLICT (username, domain) DO UPDATE SET ha1 = excluded.ha1, ha1b = excluded.ha1b;`,
      );
    },
    async deleteUser(user) {
      if (!SIP_USER_RE.test(user)) throw new Error(`bad SIP user name: ${JSON.stringify(user)}`);
      const out = await sql(
        providerDbPath,
        `DELETE FROM subscriber WHERE username = ${q(user)} AND domain = ${q(domain)}; SELECT changes();`,
      );
      return out === '1';
    },
    async putPeer(peerDomain, port) {
      const target = `127.0.0.1:${port}`;
      if (!DOMAIN_RE.test(peerDomain) || peerDomain === domain) {
        throw new Error(`bad peer domain: ${peerDomain}`);
      }
      if (!TARGET_RE.test(target) || port < 1 || port > 65535)
        throw new Error(`bad peer port ${port}`);
      await sql(
        providerDbPath,
        `INSERT INTO peer (domain, target) VALUES (${q(peerDomain)}, ${q(target)})
         ON CONFLICT (domain) DO UPDATE SET target = excluded.target;`,
      );
    },
    async deletePeer(peerDomain) {
      if (!DOMAIN_RE.test(peerDomain)) throw new Error(`bad peer domain: ${peerDomain}`);
      await sql(providerDbPath, `DELETE FROM peer WHERE domain = ${q(peerDomain)};`);
    },
    async storedMessageCount(user) {
      if (user !== undefined && !SIP_USER_RE.test(user)) {
        throw new Error(`bad SIP user name: ${JSON.stringify(user)}`);
      }
      const where =
        user === undefined ? '' : ` WHERE username = ${q(user)} AND domain = ${q(domain)}`;
      return Number(await sql(siloDbPath, `SELECT count(*) FROM silo${where};`));
    },
  };
}
