/**
 * The devnet's DNS data in `<state>/dns/`: every zone signed at `up` (fresh keys, so a fresh
 * trust anchor each start), and the directory zone re-signed alone with its own keys when
 * `seed` adds records (same DS: nothing above it changes).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { DevnetPaths } from '../devnet-paths';
import { buildZones, delvAnchorConfig, type BuiltZones } from './build-zones';
import { devnetZones, directoryZone, type ProviderDnsInfo } from './devnet-zones';

/** Signs every devnet zone in a fresh `<state>/dns/` and writes the trust anchor files. */
export function buildDevnetDns(
  paths: DevnetPaths,
  providers: readonly ProviderDnsInfo[],
  directoryRecords: readonly string[],
): BuiltZones {
  rmSync(paths.dns, { recursive: true, force: true });
  mkdirSync(paths.dns, { recursive: true, mode: 0o700 });
  const serial = Math.floor(Date.now() / 1000);
  const built = buildZones(devnetZones(providers, directoryRecords), { dir: paths.dns, serial });
  writeFileSync(paths.trustAnchorFile, `${built.anchorDs.join('\n')}\n`);
  writeFileSync(paths.delvAnchorFile, delvAnchorConfig(built.anchorDs));
  return built;
}

/**
 * Rewrites and re-signs the directory zone with its existing keys and a higher serial (Unix
 * seconds, at least one more than `previousSerial`). Returns the new serial; NSD serves it after
 * a reload (SIGHUP).
 */
export function resignDirectory(
  paths: DevnetPaths,
  records: readonly string[],
  previousSerial: number,
): number {
  const serial = Math.max(Math.floor(Date.now() / 1000), previousSerial + 1);
  buildZones([directoryZone(records)], { dir: paths.dns, serial, reuseKeys: true });
  return serial;
}
