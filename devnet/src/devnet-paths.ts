/**
 * Where devnet's files are: its shipped resources (devnet/kamailio/) and the folders and files of
 * a state folder. The resources are found from the source tree (devnet/src/) and from the CLI
 * bundle (dist/main/cli.mjs), which both sit two levels under the repository.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findResourceDir(name: string): string {
  const candidates = [
    new URL(`../${name}/`, import.meta.url),
    new URL(`../../devnet/${name}/`, import.meta.url),
  ];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(dir)) return dir;
  }
  return fileURLToPath(candidates[0] ?? '');
}

/** devnet/kamailio/: the Kamailio template and SQL schemas. */
export const KAMAILIO_RESOURCE_DIR = findResourceDir('kamailio');

/** The files of one devnet state folder (`.devnet/` by default). */
export interface DevnetPaths {
  stateDir: string;
  /** The network profile apps and the CLI load. */
  profile: string;
  /** PID files, one per process: supervisor, nsd, provider-a, provider-b. */
  runDir: string;
  /** The supervisor's output when started in the background. */
  log: string;
  ca: string;
  dns: string;
  trustAnchorFile: string;
  delvAnchorFile: string;
  providers: string;
  demoUsers: string;
  /** Seeded ENUM/SMIMEA records, kept across restarts. */
  directoryRecords: string;
  /** The directory service's folder: directory.sqlite, tls/. */
  directory: string;
  /** The authority's ES256 key (kept across restarts). */
  authority: string;
}

export function devnetPaths(stateDir: string): DevnetPaths {
  const dir = resolve(stateDir);
  return {
    stateDir: dir,
    profile: join(dir, 'devnet.json'),
    runDir: join(dir, 'run'),
    log: join(dir, 'devnet.log'),
    ca: join(dir, 'ca'),
    dns: join(dir, 'dns'),
    trustAnchorFile: join(dir, 'dns', 'root-anchor.ds'),
    delvAnchorFile: join(dir, 'dns', 'root-anchor.delv.conf'),
    providers: join(dir, 'providers'),
    demoUsers: join(dir, 'demo-users'),
    directoryRecords: join(dir, 'directory-records.json'),
    directory: join(dir, 'directory'),
    authority: join(dir, 'authority'),
  };
}

/** The default state folder: $YAKKER_DEVNET_DIR, else `.devnet/` in the repository. */
export function defaultStateDir(env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env['YAKKER_DEVNET_DIR']?.trim();
  return fromEnv ? resolve(fromEnv) : fileURLToPath(new URL('../../.devnet/', import.meta.url));
}
