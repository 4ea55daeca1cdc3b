/**
 * The records `seed` put in the directory zone, per E.164 number, kept in
 * `<state>/directory-records.json` so a restarted devnet serves them again.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DevnetPaths } from './devnet-paths';

export type DirectoryEntries = Record<string, string[]>;

export function readDirectoryEntries(paths: DevnetPaths): DirectoryEntries {
  try {
    return JSON.parse(readFileSync(paths.directoryRecords, 'utf8')) as DirectoryEntries;
  } catch {
    return {};
  }
}

export function writeDirectoryEntries(paths: DevnetPaths, entries: DirectoryEntries): void {
  const tmp = `${paths.directoryRecords}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(entries, null, 2)}\n`);
  renameSync(tmp, paths.directoryRecords);
}

/** Every seeded record, in a stable order (numbers sorted). */
export function readDirectoryRecords(paths: DevnetPaths): string[] {
  const entries = readDirectoryEntries(paths);
  return Object.keys(entries)
    .sort()
    .flatMap((k) => entries[k] ?? []);
}
