/**
 * Writes and signs a set of zones (a DNSSEC hierarchy, or any part of one) with BIND or ldns
 * tools: the devnet's DNS and the test hierarchy (test/support/dns-hierarchy) both use it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { breakSignedZone, parentDs, signZone } from './sign-zone';
import { requireTools } from './tools';
import { labelCount, parentOf, type ZoneSpec } from './zone-spec';

export interface BuiltZone {
  spec: ZoneSpec;
  /** File NSD serves, relative to the hierarchy directory. */
  file: string;
  /** The DS lines the parent publishes (after any breakage). */
  parentDs: string[];
}

/** A set of zones written and signed by buildZones(). */
export interface BuiltZones {
  dir: string;
  zones: BuiltZone[];
  /** The DS lines of the zones whose parent is not in the set: what a trust anchor holds. */
  anchorDs: string[];
}

export interface BuildZonesOptions {
  /** Directory to build in (default: a fresh temporary directory). */
  dir?: string;
  /** Signing time, Unix seconds (default: now). */
  now?: number;
  /** SOA serial (default 1). A re-signed zone needs a higher one for secondaries. */
  serial?: number;
  /**
   * Sign with the keys already in `<dir>/keys-<zone>` when there are some (BIND signer only), so
   * the DS, and with it the parent and the trust anchor, stay the same. Default: fresh keys.
   */
  reuseKeys?: boolean;
}

const soa = (serial: number): string =>
  `SOA ns.test. hostmaster.test. ${serial} 3600 900 604800 300`;

/**
 * Writes and signs `specs` in `options.dir`, children first so each parent publishes its
 * children's NS and DS records. Every zone gets SOA and `@ NS ns.test.`; a zone whose parent is
 * not in the set is a trust anchor (its DS lines are `anchorDs`). Zones are returned parents
 * first.
 */
export function buildZones(
  specs: readonly ZoneSpec[],
  options: BuildZonesOptions = {},
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
      `@ ${soa(options.serial ?? 1)}`,
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
    const { signedFile, ds } = signZone(spec, dir, unsigned, now, {
      reuseKeys: options.reuseKeys ?? false,
    });
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

/** The trust anchor as a BIND `trust-anchors { }` clause (for delv -a), from DS lines. */
export function delvAnchorConfig(anchorDs: readonly string[]): string {
  const entries = anchorDs.map((line) => {
    const [owner, , , tag, alg, digestType, digest] = line.split(/\s+/);
    return `  ${owner ?? '.'} static-ds ${tag ?? ''} ${alg ?? ''} ${digestType ?? ''} "${digest ?? ''}";`;
  });
  return `trust-anchors {\n${entries.join('\n')}\n};\n`;
}
