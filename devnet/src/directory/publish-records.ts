/**
 * The directory service's way into DNS: an adapter over the devnet's publishing path
 * (`publishDirectoryEntries`: a TSIG-signed dynamic update to Knot, which signs online, and the
 * records kept in `<state>/directory-records.json`), so that `seed` and the API publish the same
 * way. Publishes run one at a time; each resolves once Knot serves the change.
 */
import type { DevnetPaths } from '../devnet-paths';
import { publishDirectoryEntries } from '../directory-records';

/** Sets (records) or removes (null) one number's records in the served directory zone. */
export type PublishRecords = (number: string, records: readonly string[] | null) => Promise<void>;

export function devnetPublisher(options: { paths: DevnetPaths }): PublishRecords {
  return (number, records) =>
    publishDirectoryEntries(options.paths, { [number]: records === null ? [] : [...records] });
}
