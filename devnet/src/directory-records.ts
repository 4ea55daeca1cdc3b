/**
 * The directory's records, per E.164 number, and how they are published. The running devnet's
 * directory zone is served by Knot, signed online; `publishDirectoryEntries` changes it live by a
 * TSIG-signed dynamic update, and keeps every number's records in
 * `<state>/directory-records.json` so a restarted devnet serves them again.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DevnetPaths } from './devnet-paths';
import { withDirLock } from './dir-lock';
import { directoryServer } from './dns/devnet-dns';
import { enumOwner } from './dns/devnet-zones';
import { checkDirectoryRecord, sendDirectoryUpdate } from './dns/directory-update';

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

/**
 * One publish at a time (each reads, updates and rewrites the records file): queued in this
 * process, and a lock in the state folder against other processes.
 */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Publishes `changes` (E.164 number → its complete records, e.g. from `directoryRecords()`; an
 * empty list withdraws the number) in the running devnet's directory zone: one dynamic update
 * signed with the devnet's TSIG key replaces every name the number had or gets, and Knot signs
 * the answers online. Returns once Knot serves the new data; then the records file is updated.
 * Bad input (a number that is not E.164, a record that is not one of the directory's types or
 * not below the zone) or a refused update throws, and nothing changes. Other numbers are kept.
 */
export function publishDirectoryEntries(
  paths: DevnetPaths,
  changes: DirectoryEntries,
): Promise<void> {
  return withDirectoryRecords(paths, () => publishNow(paths, changes));
}

/**
 * Runs `fn` while no publish runs, in this process or another (the queue, then the lock): e.g.
 * the supervisor rebuilding the directory zone from the records file for a restarted Knot.
 */
export function withDirectoryRecords<T>(paths: DevnetPaths, fn: () => Promise<T>): Promise<T> {
  const lock = `${paths.directoryRecords}.lock`;
  const run = queue.then(() => withDirLock(lock, fn));
  queue = run.catch(() => undefined);
  return run;
}

async function publishNow(paths: DevnetPaths, changes: DirectoryEntries): Promise<void> {
  const server = directoryServer(paths);
  const entries = readDirectoryEntries(paths);
  const deleteNames: string[] = [];
  const add: string[] = [];
  for (const [e164, records] of Object.entries(changes)) {
    if (!/^\+[1-9][0-9]{1,14}$/.test(e164)) throw new Error(`not an E.164 number: ${e164}`);
    if (!Array.isArray(records) || records.some((r) => typeof r !== 'string'))
      throw new Error(`records for ${e164} must be a list of strings`);
    const owner = enumOwner(e164);
    for (const line of [...(entries[e164] ?? []), ...records]) {
      const name = checkDirectoryRecord(line, server.zone);
      const prefix = name.slice(0, -owner.length - 1);
      const belongs =
        name === owner || (name.endsWith(`.${owner}`) && /^_[a-z0-9-]+$/.test(prefix));
      if (!belongs)
        throw new Error(`record ${JSON.stringify(line)} is not at ${owner} (the name of ${e164})`);
      deleteNames.push(name);
    }
    add.push(...records);
  }
  if (deleteNames.length === 0) return;
  await sendDirectoryUpdate(server, { deleteNames, add });
  const kept = Object.entries({ ...entries, ...changes }).filter(([, r]) => r.length > 0);
  writeDirectoryEntries(paths, Object.fromEntries(kept));
}
