import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ZoneSpec } from './zone-spec';
import { run } from './tools';

const BIND_ALG: Record<ZoneSpec['algorithm'], string> = {
  8: 'RSASHA256',
  13: 'ECDSAP256SHA256',
  15: 'ED25519',
};

const DAY = 86_400;

/** Inception and expiration (Unix seconds) for a zone, broken ones included. */
export function validity(zone: ZoneSpec, now: number): { start: number; end: number } {
  if (zone.breakage === 'expired') return { start: now - 40 * DAY, end: now - 10 * DAY };
  if (zone.breakage === 'future') return { start: now + 10 * DAY, end: now + 40 * DAY };
  return { start: now - 3600, end: now + 30 * DAY };
}

function bindTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Signs `unsignedFile` (in `dir`) and returns the signed file name and the zone's DS records
 * (presentation lines). Keys are made fresh each time (signing takes milliseconds), unless
 * `reuseKeys` and the zone already has keys in `<dir>/keys-<zone>` (BIND signer only): then the
 * DS stays the same, so a re-signed zone needs no change in its parent.
 */
export function signZone(
  zone: ZoneSpec,
  dir: string,
  unsignedFile: string,
  now: number,
  options: { reuseKeys?: boolean } = {},
): { signedFile: string; ds: string[] } {
  const name = zone.origin === '.' ? 'root' : zone.origin.replace(/\.$/, '');
  const signedFile = `${name}.zone.signed`;
  const { start, end } = validity(zone, now);
  if (zone.signer === 'bind') {
    const keyDir = `keys-${name}`;
    const haveKeys =
      existsSync(join(dir, keyDir)) &&
      readdirSync(join(dir, keyDir)).some((f) => f.endsWith('.private'));
    if (!(options.reuseKeys === true && haveKeys)) {
      run('mkdir', ['-p', keyDir], dir);
      const size = zone.algorithm === 8 ? ['-b', '2048'] : [];
      const alg = BIND_ALG[zone.algorithm];
      run('dnssec-keygen', ['-q', '-K', keyDir, '-a', alg, ...size, '-f', 'KSK', zone.origin], dir);
      run('dnssec-keygen', ['-q', '-K', keyDir, '-a', alg, ...size, zone.origin], dir);
    }
    const nsec3 =
      zone.denial === 'nsec'
        ? []
        : [
            '-3',
            zone.nsec3Salt ?? '-',
            '-H',
            '0',
            ...(zone.denial === 'nsec3-optout' ? ['-A'] : []),
          ];
    run(
      'dnssec-signzone',
      [
        '-q',
        // Expired and future signatures fail the signer's own check: skip it for those.
        ...(zone.breakage === 'expired' || zone.breakage === 'future' ? ['-P'] : []),
        '-S',
        '-K',
        keyDir,
        '-d',
        keyDir,
        '-O',
        'full',
        '-o',
        zone.origin,
        '-f',
        signedFile,
        '-s',
        bindTime(start),
        '-e',
        bindTime(end),
        ...nsec3,
        unsignedFile,
      ],
      dir,
    );
    const dsset = readFileSync(
      join(dir, keyDir, `dsset-${zone.origin === '.' ? '.' : zone.origin}`),
      'utf8',
    );
    return { signedFile, ds: dsLines(dsset) };
  }
  // ldns: keys are written into the current directory, named K<zone>+<alg>+<tag>.
  const keyDir = join(dir, `keys-${name}`);
  run('mkdir', ['-p', keyDir], dir);
  const size = zone.algorithm === 8 ? ['-b', '2048'] : [];
  const alg = BIND_ALG[zone.algorithm];
  const ksk = run('ldns-keygen', ['-a', alg, ...size, '-k', zone.origin], keyDir).trim();
  const zsk = run('ldns-keygen', ['-a', alg, ...size, zone.origin], keyDir).trim();
  const nsec3 =
    zone.denial === 'nsec'
      ? []
      : [
          '-n',
          '-t',
          '0',
          ...(zone.nsec3Salt === undefined ? [] : ['-s', zone.nsec3Salt]),
          ...(zone.denial === 'nsec3-optout' ? ['-p'] : []),
        ];
  run(
    'ldns-signzone',
    [
      ...nsec3,
      '-i',
      String(start),
      '-e',
      String(end),
      '-o',
      zone.origin,
      '-f',
      signedFile,
      unsignedFile,
      join(keyDir, ksk),
      join(keyDir, zsk),
    ],
    dir,
  );
  const dsFile = readdirSync(keyDir).find((f) => f.startsWith(ksk) && f.endsWith('.ds'));
  if (dsFile === undefined) throw new Error(`ldns-keygen wrote no DS file for ${zone.origin}`);
  return { signedFile, ds: dsLines(readFileSync(join(keyDir, dsFile), 'utf8')) };
}

/** DS lines of a dsset-/.ds file, digest type 2 (SHA-256) only, normalised to one line each. */
export function dsLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((t) => t.includes('DS'))
    .map((t) => {
      const at = t.indexOf('DS');
      return { owner: t[0] ?? '', rdata: t.slice(at + 1) };
    })
    .filter((d) => d.rdata[2] === '2')
    .map(
      (d) =>
        `${d.owner} IN DS ${d.rdata[0] ?? ''} ${d.rdata[1] ?? ''} 2 ${d.rdata.slice(3).join('').toUpperCase()}`,
    );
}

/** Applies the after-signing breakages (tampered, nosig, badnsec) to a signed zone file. */
export function breakSignedZone(zone: ZoneSpec, path: string): void {
  const breakage = zone.breakage;
  if (breakage !== 'tampered' && breakage !== 'nosig' && breakage !== 'badnsec') return;
  const lines = readFileSync(path, 'utf8').split('\n');
  const owner = (line: string): string => line.split(/\s+/)[0] ?? '';
  const is = (line: string, name: string, type: string, covered?: string): boolean => {
    const t = line.split(/\s+/);
    return (
      t[0] === `${name}.${zone.origin}` &&
      t[3] === type &&
      (covered === undefined || t[4] === covered)
    );
  };
  let out: string[];
  if (breakage === 'tampered') {
    out = lines.map((line) =>
      is(line, 'www', 'A')
        ? line.replace('192.0.2.80', '192.0.2.66')
        : is(line, 'enum', 'NAPTR') || is(line, '4.0.1.0.5.5.5.1', 'NAPTR')
          ? line.replace('sip:good@', 'sip:evil@')
          : line,
    );
  } else if (breakage === 'nosig') {
    out = lines.filter(
      (line) =>
        !is(line, 'www', 'RRSIG', 'A') &&
        !is(line, 'enum', 'RRSIG', 'NAPTR') &&
        !is(line, '4.0.1.0.5.5.5.1', 'RRSIG', 'NAPTR'),
    );
  } else {
    out = lines.filter((line) => owner(line) !== `b.${zone.origin}`);
  }
  if (out.join('\n') === lines.join('\n'))
    throw new Error(`breaking ${zone.origin} changed nothing`);
  writeFileSync(path, out.join('\n'));
}

/** The parent-side DS lines for a child, broken when the child's breakage says so. */
export function parentDs(zone: ZoneSpec, ds: readonly string[]): string[] {
  if (zone.breakage === 'wrongds')
    return ds.map((line) => line.replace(/([0-9A-F])$/, (d) => (d === '0' ? '1' : '0')));
  if (zone.breakage === 'unsupported-ds')
    return ds.map((line) => line.replace(/ DS (\d+) \d+ 2 /, ' DS $1 17 2 '));
  return [...ds];
}
