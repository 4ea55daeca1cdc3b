/**
 * The directory service's way into DNS: an adapter over the devnet's existing publishing path
 * (the records kept in `<state>/directory-records.json`, `resignDirectory`, an NSD reload), so
 * that whoever changes how the zone is updated changes it for `seed` and for the API at once.
 * One publish at a time; resolves once the DNS server serves the new zone.
 */
import type { DevnetPaths } from '../devnet-paths';
import {
  readDirectoryEntries,
  readDirectoryRecords,
  writeDirectoryEntries,
} from '../directory-records';
import { reloadUntilServed } from '../devnet-seed';
import { resignDirectory } from '../dns/devnet-dns';
import { soaSerial } from '../dns/soa-serial';

/** Sets (records) or removes (null) one number's records in the served directory zone. */
export type PublishRecords = (number: string, records: readonly string[] | null) => Promise<void>;

export function devnetPublisher(options: {
  paths: DevnetPaths;
  dns: { host: string; port: number };
  zone: string;
  nsdPid: number;
}): PublishRecords {
  let queue: Promise<unknown> = Promise.resolve();
  return (number, records) => {
    const run = queue.then(async () => {
      const { paths, dns, zone, nsdPid } = options;
      const before = readDirectoryEntries(paths);
      const entries = Object.entries(before).filter(([n]) => n !== number);
      if (records !== null) entries.push([number, [...records]]);
      writeDirectoryEntries(paths, Object.fromEntries(entries));
      try {
        const previous = (await soaSerial(dns.host, dns.port, zone)) ?? 0;
        const serial = resignDirectory(paths, readDirectoryRecords(paths), previous);
        await reloadUntilServed(nsdPid, dns.host, dns.port, zone, serial);
      } catch (error) {
        // Keep the kept records as they were (the zone file is rebuilt from them at the next up).
        writeDirectoryEntries(paths, before);
        throw error;
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };
}
