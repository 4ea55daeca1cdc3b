import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localPartHash } from '../../../main/resolver/cert/smimea-owner';
import { makeCertificate, type TestCertificate } from './certificates';
import { breakSignedZone, parentDs, signZone } from './sign-zone';
import { requireTools } from './tools';
import { hierarchySpec, labelCount, parentOf, type ZoneSpec } from './zone-spec';

export interface BuiltZone {
  spec: ZoneSpec;
  /** File NSD serves, relative to the hierarchy directory. */
  file: string;
  /** The DS lines the parent publishes (after any breakage). */
  parentDs: string[];
}

export interface Hierarchy {
  dir: string;
  zones: BuiltZone[];
  /** The root's DS records as a dsset- file: `yakker dns --trust-anchor` / createResolver. */
  trustAnchorFile: string;
  /** The same anchor as a BIND `trust-anchors { }` file, for delv -a. */
  delvAnchorFile: string;
  /** Certificates published in the zones. */
  certs: { tel: TestCertificate[]; sip: TestCertificate; server: TestCertificate };
  /** When the zones were signed (Unix seconds). */
  signedAt: number;
}

const SOA = 'SOA ns.test. hostmaster.test. 1 3600 900 604800 300';

/** A set of zones written and signed by buildZones(). */
export interface BuiltZones {
  dir: string;
  zones: BuiltZone[];
  /** The DS lines of the zones whose parent is not in the set: what a trust anchor holds. */
  anchorDs: string[];
}

/**
 * Writes and signs `specs` in `dir` (default: a fresh temporary directory), children first so
 * each parent publishes its children's NS and DS records. Every zone gets SOA and `@ NS ns.test.`;
 * a zone whose parent is not in the set is a trust anchor (its DS lines are `anchorDs`).
 * Zones are returned parents first. `now` is the signing time, Unix seconds (default: now).
 */
export function buildZones(
  specs: readonly ZoneSpec[],
  options: { dir?: string; now?: number } = {},
): BuiltZones {
  requireTools(
    ...(specs.some((s) => s.signer === 'bind') ? ['dnssec-keygen', 'dnssec-signzone'] : []),
    ...(specs.some((s) => s.signer === 'ldns') ? ['ldns-keygen', 'ldns-signzone'] : []),
  );
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'yakker-dns-'));
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const order = [...specs].sort((a, b) => labelCount(b.origin) - labelCount(a.origin));
  const dsByZone = new Map<string, string[]>();
  const built: BuiltZone[] = [];
  for (const spec of order) {
    const name = spec.origin === '.' ? 'root' : spec.origin.replace(/\.$/, '');
    const children = specs.filter((c) => parentOf(c.origin) === spec.origin);
    const lines = [
      `$ORIGIN ${spec.origin}`,
      '$TTL 300',
      `@ ${SOA}`,
      '@ NS ns.test.',
      ...spec.records,
      ...children.flatMap((child) => [
        `${child.origin} NS ns.test.`,
        ...(dsByZone.get(child.origin) ?? []),
      ]),
    ];
    const unsigned = `${name}.zone`;
    writeFileSync(join(dir, unsigned), `${lines.join('\n')}\n`);
    if (spec.signer === 'none') {
      built.push({ spec, file: unsigned, parentDs: [] });
      continue;
    }
    const { signedFile, ds } = signZone(spec, dir, unsigned, now);
    breakSignedZone(spec, join(dir, signedFile));
    const published = parentDs(spec, ds);
    dsByZone.set(spec.origin, published);
    built.push({ spec, file: signedFile, parentDs: published });
  }
  const anchorDs = specs
    .filter((s) => !specs.some((p) => p.origin === parentOf(s.origin)))
    .flatMap((s) => dsByZone.get(s.origin) ?? []);
  return { dir, zones: built.reverse(), anchorDs };
}

export interface BuildOptions {
  /** Directory to build in (default: a fresh temporary directory). */
  dir?: string;
  /** Signing time, Unix seconds (default: now). */
  now?: number;
  /** Extra records per zone origin (e.g. devnet's own ENUM entries), as in ZoneSpec.records. */
  extraRecords?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Builds and signs the whole hierarchy (zone-spec.ts) in a fresh temporary directory with BIND
 * and ldns tools. Takes about a second; nothing is committed, so signatures never go stale.
 */
export function buildHierarchy(options: BuildOptions = {}): Hierarchy {
  requireTools('dnssec-keygen', 'dnssec-signzone', 'ldns-keygen', 'ldns-signzone', 'openssl');
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'yakker-dns-'));
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const certs = {
    tel: [
      makeCertificate(dir, 'alice-1', 'URI:tel:+15550100'),
      makeCertificate(dir, 'alice-2', 'URI:tel:+15550100'),
    ],
    sip: makeCertificate(dir, 'alice-sip', 'URI:sip:alice@provider.test'),
    server: makeCertificate(
      dir,
      'sip-server',
      'DNS:sip1.provider.test,DNS:sip2.provider.test,DNS:ws.provider.test',
    ),
  };
  const base = hierarchySpec({
    telCertsHex: certs.tel.map((c) => c.der.toString('hex')),
    sipCertHex: certs.sip.der.toString('hex'),
    serverSpkiSha256: certs.server.spkiSha256,
    aliceLabel: localPartHash('alice'),
  });
  const specs = base.map((spec) => ({
    ...spec,
    records: [...spec.records, ...(options.extraRecords?.[spec.origin] ?? [])],
  }));
  const { zones, anchorDs: rootDs } = buildZones(specs, { dir, now });
  const trustAnchorFile = join(dir, 'root-anchor.ds');
  writeFileSync(trustAnchorFile, `${rootDs.join('\n')}\n`);
  const delvAnchorFile = join(dir, 'root-anchor.delv.conf');
  const entries = rootDs.map((line) => {
    const [, , , tag, alg, digestType, digest] = line.split(/\s+/);
    return `  . static-ds ${tag ?? ''} ${alg ?? ''} ${digestType ?? ''} "${digest ?? ''}";`;
  });
  writeFileSync(delvAnchorFile, `trust-anchors {\n${entries.join('\n')}\n};\n`);
  return { dir, zones, trustAnchorFile, delvAnchorFile, certs, signedAt: now };
}
