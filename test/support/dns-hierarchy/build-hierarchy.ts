import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZones, delvAnchorConfig, type BuiltZone } from '../../../devnet/src/dns/build-zones';
import { requireTools } from '../../../devnet/src/dns/tools';
import { localPartHash } from '../../../main/resolver/cert/smimea-owner';
import { makeCertificate, type TestCertificate } from './certificates';
import { hierarchySpec } from './zone-spec';

export {
  buildZones,
  type BuiltZone,
  type BuiltZones,
  type BuildZonesOptions,
} from '../../../devnet/src/dns/build-zones';

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
  writeFileSync(delvAnchorFile, delvAnchorConfig(rootDs));
  return { dir, zones, trustAnchorFile, delvAnchorFile, certs, signedAt: now };
}
