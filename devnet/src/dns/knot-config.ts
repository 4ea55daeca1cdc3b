/**
 * knot.conf for the devnet's one Knot DNS server: pre-signed zones served as they are (signing
 * off), and one zone signed online by mod-onlinesign (minimal "black lies" NSEC, so the zone
 * cannot be walked), answered over TCP only (mod-noudp, see ONLINE_ZONE_MODULES), that accepts
 * dynamic updates (RFC 2136) and zone transfers only when they
 * are signed with the devnet's TSIG key. Everything Knot writes (control socket, its PID file,
 * journal, timers, KASP keys, log) is under `dir`.
 */
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { TsigKey } from './tsig-key';

export interface KnotZone {
  /** Absolute, with trailing dot ("." for the root). */
  origin: string;
  /** Zone file, absolute. */
  file: string;
  /** Signed online by Knot (with the key from `generateOnlineSigningKey`) and updatable with TSIG. */
  online?: boolean;
}

export interface KnotSetup {
  /** Knot's own folder: config, control socket, databases, log. */
  dir: string;
  zones: readonly KnotZone[];
  /** The key that may UPDATE (and AXFR) the online zones. */
  tsig: TsigKey;
  /** Listen on ::1 too (same port), where the machine has IPv6 loopback. */
  ipv6?: boolean;
}

export const knotConfigFile = (dir: string): string => join(dir, 'knot.conf');
export const knotLogFile = (dir: string): string => join(dir, 'knot.log');

/**
 * The modules of an online-signed zone, in order. mod-onlinesign adds each RRSIG after the answer
 * is in the packet and, when the RRSIG no longer fits (Knot 3.2: `knot_pkt_put` fails with
 * ESPACE in `sign_section`), fails the whole query with SERVFAIL instead of truncating. Over UDP
 * (at most 1232 bytes by default) that hits any RRset that fits unsigned but not with its ~110
 * byte signature, e.g. a number's SMIMEA set with two certificates. mod-noudp runs first and
 * answers every UDP query to the zone with an empty TC=1 reply, so resolvers ask again over TCP
 * (RFC 7766), where the answer may be 64 KiB (the publisher caps an RRset well below that).
 */
export const ONLINE_ZONE_MODULES = ['mod-noudp', 'mod-onlinesign/online'] as const;

/** A value Knot's YAML-like parser takes inside double quotes. */
function quoted(value: string): string {
  if (/["\\\n\r]/.test(value)) throw new Error(`unusable in knot.conf: ${JSON.stringify(value)}`);
  return `"${value}"`;
}

/** The user and group Knot keeps (it would switch to root:root by default). */
function currentUser(): string {
  const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  return `${userInfo().username}:${group}`;
}

/** The whole configuration, listening on 127.0.0.1@port only (and ::1@port with `ipv6`). */
export function knotConfig(setup: KnotSetup, port: number): string {
  const db = join(setup.dir, 'db');
  const online = setup.zones.some((z) => z.online === true);
  return [
    'server:',
    `  rundir: ${quoted(join(setup.dir, 'run'))}`,
    `  pidfile: ${quoted(join(setup.dir, 'run', 'knot.pid'))}`,
    `  user: ${quoted(currentUser())}`,
    setup.ipv6 === true
      ? `  listen: [ 127.0.0.1@${port}, ::1@${port} ]`
      : `  listen: 127.0.0.1@${port}`,
    '  background-workers: 1',
    '  udp-workers: 1',
    '  tcp-workers: 1',
    'control:',
    `  listen: ${quoted(join(setup.dir, 'run', 'knot.sock'))}`,
    'log:',
    `  - target: ${quoted(knotLogFile(setup.dir))}`,
    '    any: info',
    'database:',
    `  storage: ${quoted(db)}`,
    `  kasp-db: ${quoted(join(db, 'keys'))}`,
    '  journal-db-max-size: 64M',
    '  kasp-db-max-size: 16M',
    '  timer-db-max-size: 16M',
    '  catalog-db-max-size: 16M',
    'key:',
    `  - id: ${setup.tsig.name}`,
    `    algorithm: ${setup.tsig.algorithm}`,
    `    secret: ${setup.tsig.secret}`,
    'acl:',
    '  - id: directory-update',
    `    key: ${setup.tsig.name}`,
    '    action: [update, transfer]',
    ...(online
      ? [
          'policy:',
          '  - id: online',
          '    algorithm: ecdsap256sha256',
          '    single-type-signing: on',
          // Keys are made by keymgr before the parent is signed (its DS), never by knotd.
          '    manual: on',
          'mod-onlinesign:',
          '  - id: online',
          '    policy: online',
        ]
      : []),
    'template:',
    '  - id: default',
    `    storage: ${quoted(setup.dir)}`,
    // The zone files are rebuilt at every `up`; updates live in memory and in the publisher's
    // records file, never written back into the zone files.
    '    zonefile-sync: -1',
    '    zonefile-load: whole',
    '    journal-content: none',
    'zone:',
    ...setup.zones.flatMap((z) => [
      `  - domain: ${quoted(z.origin)}`,
      `    file: ${quoted(z.file)}`,
      ...(z.online === true
        ? ['    acl: directory-update', `    module: [${ONLINE_ZONE_MODULES.join(', ')}]`]
        : []),
    ]),
  ].join('\n');
}
