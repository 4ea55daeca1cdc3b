/**
 * The devnet's DNS in `<state>/dns/`, rebuilt at every `up`: one Knot DNS server on 127.0.0.1
 * serves every zone. The directory zone is signed online by Knot (mod-onlinesign, minimal NSEC)
 * and takes TSIG-signed dynamic updates; its key is made first (keymgr) so that its DS can be
 * signed into `yakker.test.`; every other zone is signed offline (fresh keys, so a fresh trust
 * anchor each start) and served as it is.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DevnetPaths } from '../devnet-paths';
import { readProfile } from '../devnet-profile';
import { buildZones, delvAnchorConfig } from './build-zones';
import {
  devnetZones,
  directoryZoneFile,
  DIRECTORY_SUFFIX,
  type ProviderDnsInfo,
} from './devnet-zones';
import { sendDirectoryUpdateSync, type DirectoryServer } from './directory-update';
import type { KnotSetup, KnotZone } from './knot-config';
import { generateOnlineSigningKey } from './online-signing-key';
import { serveKnot, writeKnotConfig, type RunningKnot } from './serve-knot';
import { freeDnsPort, ipv6LoopbackAvailable } from './dns-port';
import { generateTsigKey, writeTsigKeyFile } from './tsig-key';
import { run } from './tools';

export interface DevnetDns {
  knot: RunningKnot;
  /** The local root's DS lines (the trust anchor). */
  anchorDs: string[];
  /** The TSIG key that may update the directory zone. */
  tsigKeyFile: string;
  /**
   * Starts Knot again after it died, on the same port, with the same keys (so the same trust
   * anchor), the directory zone rebuilt from `directoryRecords` (what was published live is in
   * the records file; Knot kept it in memory only). Throws when the port is taken meanwhile.
   */
  restartKnot(directoryRecords: readonly string[]): Promise<RunningKnot>;
}

/** Knot's folder (config, control socket, KASP keys, journal, log). */
export const knotDir = (paths: DevnetPaths): string => join(paths.dns, 'knot');

/** The devnet's TSIG key for updates of the directory zone (mode 0600, new at every `up`). */
export const directoryTsigKeyFile = (paths: DevnetPaths): string =>
  join(paths.dns, 'directory-update.tsig');

/** Where to send updates of the running devnet's directory zone (from devnet.json). */
export function directoryServer(paths: DevnetPaths): DirectoryServer {
  const profile = readProfile(paths.profile);
  if (profile === null)
    throw new Error(`no devnet runs in ${paths.stateDir}: yakker devnet up first`);
  return {
    host: profile.dns.host,
    port: profile.dns.port,
    zone: profile.directory.suffix,
    tsigKeyFile: directoryTsigKeyFile(paths),
  };
}

/**
 * Builds every zone in a fresh `<state>/dns/`, writes the trust anchor files and the TSIG key,
 * and starts Knot. `directoryRecords` are the directory zone's records (kept across restarts).
 */
export async function startDevnetDns(
  paths: DevnetPaths,
  providers: readonly ProviderDnsInfo[],
  directoryRecords: readonly string[],
): Promise<DevnetDns> {
  rmSync(paths.dns, { recursive: true, force: true });
  mkdirSync(paths.dns, { recursive: true, mode: 0o700 });
  const serial = Math.floor(Date.now() / 1000);
  const tsig = generateTsigKey();
  const tsigKeyFile = directoryTsigKeyFile(paths);
  writeTsigKeyFile(tsigKeyFile, tsig);
  const directory: KnotZone = {
    origin: DIRECTORY_SUFFIX,
    file: join(paths.dns, 'e164.yakker.test.zone'),
    online: true,
  };
  writeFileSync(directory.file, directoryZoneFile(directoryRecords, serial));
  const dir = knotDir(paths);
  // keymgr reads the KASP database's place from knot.conf; the port is Knot's first try.
  const ipv6 = await ipv6LoopbackAvailable();
  const port = await freeDnsPort({ ipv6 });
  const configFile = writeKnotConfig({ dir, zones: [directory], tsig, ipv6 }, port);
  const ds = generateOnlineSigningKey(configFile, DIRECTORY_SUFFIX, dir);
  const built = buildZones(devnetZones(providers, ds), { dir: paths.dns, serial });
  writeFileSync(paths.trustAnchorFile, `${built.anchorDs.join('\n')}\n`);
  writeFileSync(paths.delvAnchorFile, delvAnchorConfig(built.anchorDs));
  const setup: KnotSetup = {
    dir,
    zones: [
      ...built.zones.map((z) => ({ origin: z.spec.origin, file: join(paths.dns, z.file) })),
      directory,
    ],
    tsig,
    ipv6,
  };
  const knot = await serveKnot(setup, { port });
  const restartKnot = (records: readonly string[]): Promise<RunningKnot> => {
    writeFileSync(directory.file, directoryZoneFile(records, Math.floor(Date.now() / 1000)));
    return serveKnot(setup, { port: knot.port, samePort: true });
  };
  return { knot, anchorDs: built.anchorDs, tsigKeyFile, restartKnot };
}

/**
 * Compatibility wrapper with the former offline re-signing (same name and signature): makes the
 * running directory zone hold exactly `records` by one TSIG-signed dynamic update (every name in
 * the zone now or in `records` is replaced), and returns the serial Knot serves afterwards (it
 * already answers with the new data; Knot increments it, and it must be above `previousSerial`).
 * Prefer `publishDirectoryEntries` (directory-records.ts), which changes only the given numbers.
 */
export function resignDirectory(
  paths: DevnetPaths,
  records: readonly string[],
  previousSerial: number,
): number {
  const server = directoryServer(paths);
  const current = zoneOwnerNames(server, paths.dns);
  const wanted = records.map((r) => r.split(/\s+/)[0] ?? '');
  const serial = sendDirectoryUpdateSync(server, {
    deleteNames: [...current, ...wanted],
    add: records,
  });
  if (serial <= previousSerial)
    throw new Error(
      `${server.zone}: serial ${serial} after the update, not above ${previousSerial}`,
    );
  return serial;
}

/** The names below the apex that the zone holds now (an AXFR signed with the TSIG key). */
function zoneOwnerNames(server: DirectoryServer, cwd: string): string[] {
  const apex = server.zone.toLowerCase();
  const out = run(
    'kdig',
    [
      '-k',
      server.tsigKeyFile ?? '',
      `@${server.host}`,
      '-p',
      String(server.port),
      server.zone,
      'AXFR',
      '+nocomments',
    ],
    cwd,
  );
  const names = out
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(';'))
    .map((l) => (l.split(/\s+/)[0] ?? '').toLowerCase())
    .filter((n) => n !== apex && n.endsWith(`.${apex}`));
  return [...new Set(names)];
}
