/**
 * Dynamic updates (RFC 2136) of the directory zone, signed with the devnet's TSIG key, sent by
 * knsupdate (knot-dnsutils). One change is one UPDATE message, so Knot applies all of it or
 * nothing: first every RRset at the names being replaced is deleted, then the new records are
 * added. Knot answers after it has applied the change (a higher SOA serial, or the same one when
 * the zone held exactly these records already), so a caller may query the new data as soon as we
 * return.
 */
import { execFile, execFileSync } from 'node:child_process';
import { soaSerial } from './soa-serial';
import { requireTools, which } from './tools';

export interface DirectoryServer {
  host: string;
  port: number;
  /** The directory zone, absolute (`e164.yakker.test.`). */
  zone: string;
  /** `hmac-sha256:NAME:BASE64` key file; null sends the update unsigned (Knot refuses it). */
  tsigKeyFile: string | null;
}

export interface DirectoryChange {
  /** Names (relative to the zone) whose records are all removed first. */
  deleteNames: readonly string[];
  /** Records to add: `owner [ttl] TYPE rdata`, owner relative to the zone (or absolute in it). */
  add: readonly string[];
}

/** Record types the directory publishes. */
const TYPES = new Set(['NAPTR', 'SMIMEA', 'TXT', 'URI', 'OPENPGPKEY']);
const LABEL = '[A-Za-z0-9_-]{1,63}';
const RELATIVE_NAME = new RegExp(`^(?:${LABEL}\\.)*${LABEL}$`);

/** The owner name relative to `zone`, or an error saying what is wrong with it. */
export function relativeOwner(owner: string, zone: string): string {
  const apex = zone.replace(/\.$/, '').toLowerCase();
  let name = owner;
  if (name.endsWith('.')) {
    const lower = name.toLowerCase();
    if (!lower.endsWith(`.${apex}.`))
      throw new Error(`record owner ${owner} is not below the directory zone ${zone}`);
    name = name.slice(0, -(apex.length + 2));
  }
  if (!RELATIVE_NAME.test(name))
    throw new Error(
      `bad record owner ${JSON.stringify(owner)}: labels of A-Z a-z 0-9 _ - only, below the zone apex`,
    );
  return name.toLowerCase();
}

/** Checks one record line; returns its relative owner name. */
export function checkDirectoryRecord(line: string, zone: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(line))
    throw new Error(`record has control characters: ${JSON.stringify(line)}`);
  const match = /^(\S+)\s+(?:[0-9]{1,10}\s+)?(?:IN\s+)?([A-Za-z0-9]+)\s+\S.*$/.exec(line);
  if (match === null) throw new Error(`not a record (owner TYPE data): ${JSON.stringify(line)}`);
  const type = (match[2] ?? '').toUpperCase();
  if (!TYPES.has(type))
    throw new Error(
      `record type ${type} is not published in the directory (${[...TYPES].join(', ')})`,
    );
  return relativeOwner(match[1] ?? '', zone);
}

/**
 * The most record data one name may hold, in wire bytes. The zone is answered over TCP only
 * (knot-config.ts), where a message is at most 65535 bytes; the question, the RRSIG and the OPT
 * record take well under 1 KiB of the rest. Above that Knot's online signing would answer
 * SERVFAIL (it cannot fit the signature), so such a change is refused before it is sent.
 */
export const MAX_WIRE_BYTES_PER_NAME = 60_000;

/** An upper bound of one record's size in a DNS answer (owner compressed to a pointer). */
export function recordWireBytes(line: string): number {
  const match = /^\S+\s+(?:[0-9]{1,10}\s+)?(?:IN\s+)?([A-Za-z0-9]+)\s+(.*)$/.exec(line);
  const type = (match?.[1] ?? '').toUpperCase();
  const data = match?.[2] ?? line;
  const fixed = 2 + 10; // owner pointer; type, class, TTL, RDLENGTH
  if (type === 'SMIMEA') {
    const hex = data.split(/\s+/).slice(3).join('');
    return fixed + 3 + Math.ceil(hex.length / 2);
  }
  if (type === 'OPENPGPKEY') return fixed + Math.ceil((data.replace(/\s/g, '').length * 3) / 4);
  return fixed + Buffer.byteLength(data) + 2; // presentation form bounds the wire form
}

function checkSizes(lines: readonly string[], zone: string): void {
  const perName = new Map<string, number>();
  for (const line of lines) {
    const owner = checkDirectoryRecord(line, zone);
    perName.set(owner, (perName.get(owner) ?? 0) + recordWireBytes(line));
  }
  for (const [owner, bytes] of perName)
    if (bytes > MAX_WIRE_BYTES_PER_NAME)
      throw new Error(
        `the records at ${owner} would take about ${bytes} bytes in a DNS answer: more than ` +
          `${MAX_WIRE_BYTES_PER_NAME}, so no signed answer (64 KiB at most, over TCP) could hold them`,
      );
}

/** The knsupdate script for one change (validated). */
export function updateScript(server: DirectoryServer, change: DirectoryChange): string {
  const deletes = change.deleteNames.map((n) => relativeOwner(n, server.zone));
  checkSizes(change.add, server.zone);
  return [
    `server ${server.host} ${server.port}`,
    `zone ${server.zone}`,
    `origin ${server.zone}`,
    'ttl 300',
    ...[...new Set(deletes)].map((n) => `update delete ${n}`),
    ...change.add.map((line) => `update add ${line}`),
    'send',
    '',
  ].join('\n');
}

// TCP (-v): an update with several certificates does not fit a UDP datagram, and the zone
// answers UDP with TC=1 only (knot-config.ts).
const args = (server: DirectoryServer): string[] => [
  '-v',
  '-t',
  '5',
  '-r',
  '1',
  ...(server.tsigKeyFile === null ? [] : ['-k', server.tsigKeyFile]),
];

function failure(server: DirectoryServer, output: string): Error {
  const rcode =
    /error '([A-Z]+)'/.exec(output)?.[1] ??
    /status: (?!NOERROR)([A-Z]+)/.exec(output)?.[1] ??
    output.trim().split('\n').pop() ??
    'failed';
  return new Error(
    `update of ${server.zone} at ${server.host}:${server.port} refused or failed: ${rcode}`,
  );
}

/**
 * Sends one change and returns the zone's SOA serial after it (unchanged if the change was a
 * no-op). Throws (with the
 * server's answer, e.g. NOTAUTH for a missing or wrong key) when the update is refused: then
 * nothing changed.
 */
export async function sendDirectoryUpdate(
  server: DirectoryServer,
  change: DirectoryChange,
): Promise<number> {
  requireTools('knsupdate');
  const script = updateScript(server, change);
  await new Promise<void>((resolve, reject) => {
    const child = execFile(
      which('knsupdate') ?? 'knsupdate',
      args(server),
      { timeout: 15_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(failure(server, `${stdout}${stderr}`));
        else resolve();
      },
    );
    child.stdin?.end(script);
  });
  // Knot commits an UPDATE before it answers (events/handlers/update.c), so NOERROR means the
  // zone holds the change now. A change that changes nothing (the same records again, e.g. a
  // second `seed`) keeps the serial ("DDNS, finished, no changes to the zone were made").
  const deadline = Date.now() + 5000;
  for (;;) {
    const serial = await soaSerial(server.host, server.port, server.zone, 500);
    if (serial !== null) return serial;
    if (Date.now() > deadline)
      throw new Error(`${server.zone}: update accepted, but the zone's SOA does not answer`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The same, blocking (for the synchronous compatibility wrapper); returns the new serial. */
export function sendDirectoryUpdateSync(server: DirectoryServer, change: DirectoryChange): number {
  requireTools('knsupdate', 'kdig');
  const script = updateScript(server, change);
  try {
    execFileSync(which('knsupdate') ?? 'knsupdate', args(server), {
      input: script,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 15_000,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw failure(server, `${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  const soa = execFileSync(
    which('kdig') ?? 'kdig',
    [`@${server.host}`, '-p', String(server.port), server.zone, 'SOA', '+short'],
    { encoding: 'utf8', timeout: 5000 },
  );
  const serial = Number(soa.trim().split(/\s+/)[2]);
  if (!Number.isInteger(serial)) throw new Error(`${server.zone}: no SOA after the update`);
  return serial;
}
