/**
 * Smoke test of `yakker dns` against real servers: two zones signed with dnssec-signzone (test.
 * Ed25519 + NSEC, yakker.test. P-256 + salted NSEC3), served by NSD on 127.0.0.1; then a tampered
 * copy. Signed and served with test/support/dns-hierarchy (buildZones, serveNsd), which also
 * builds the broad hierarchy the resolver-* tests compare with delv.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZones, serveNsd, type RunningNsd } from '../support/dns-hierarchy';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'yakker.mjs');

let dir = '';
let badDir = '';
let good: RunningNsd | undefined;
let tampered: RunningNsd | undefined;
let anchor = '';

function dns(
  server: RunningNsd | undefined,
  ...args: string[]
): { code: number | null; json: Record<string, unknown> } {
  const r = spawnSync(
    'node',
    [cli, 'dns', ...args, '--server', server?.server ?? '127.0.0.1:0', '--json'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return { code: r.status, json: JSON.parse(r.stdout) as Record<string, unknown> };
}

beforeAll(async () => {
  // test. is the top of this set: its DS is the trust anchor; it publishes yakker.test.'s DS.
  const zones = buildZones([
    {
      origin: 'test.',
      signer: 'bind',
      algorithm: 15,
      denial: 'nsec',
      records: ['ns A 127.0.0.1'],
    },
    {
      origin: 'yakker.test.',
      signer: 'bind',
      algorithm: 13,
      denial: 'nsec3',
      nsec3Salt: 'aabbccdd',
      records: ['www A 192.0.2.10', 'alias CNAME www'],
    },
  ]);
  dir = zones.dir;
  anchor = join(dir, 'test-anchor.ds');
  writeFileSync(anchor, `${zones.anchorDs.join('\n')}\n`);
  good = await serveNsd(zones);
  // The same signed zones, but for www.yakker.test's address edited after signing.
  badDir = mkdtempSync(join(tmpdir(), 'yakker-dns-smoke-bad-'));
  tampered = await serveNsd({
    dir: badDir,
    zones: zones.zones.map((zone) => {
      if (zone.spec.origin !== 'yakker.test.') return { ...zone, file: join(dir, zone.file) };
      const text = readFileSync(join(dir, zone.file), 'utf8');
      expect(text).toContain('192.0.2.10');
      writeFileSync(join(badDir, zone.file), text.replace('192.0.2.10', '192.0.2.66'));
      return zone;
    }),
  });
});

afterAll(async () => {
  await good?.stop();
  await tampered?.stop();
  for (const d of [dir, badDir]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('yakker dns against NSD (dnssec-signzone zones)', () => {
  it('secure positive answer, exit 0, the JSON shape of the issue', () => {
    const { code, json } = dns(good, 'www.yakker.test', 'A', '--trust-anchor', anchor);
    expect(code).toBe(0);
    expect(Object.keys(json)).toEqual(['name', 'type', 'status', 'rcode', 'answers', 'reason']);
    expect(json).toMatchObject({
      name: 'www.yakker.test',
      type: 'A',
      status: 'secure',
      rcode: 'NOERROR',
      answers: [{ name: 'www.yakker.test', type: 'A', ttl: 300, data: '192.0.2.10' }],
    });
  });
  it('secure NXDOMAIN through NSEC3, and a CNAME', () => {
    expect(dns(good, 'nope.yakker.test', 'A', '--trust-anchor', anchor).json).toMatchObject({
      status: 'secure',
      rcode: 'NXDOMAIN',
    });
    expect(dns(good, 'alias.yakker.test', 'A', '--trust-anchor', anchor).json).toMatchObject({
      status: 'secure',
      answers: [{ type: 'CNAME' }, { type: 'A' }],
    });
  });
  it('tampered record => bogus, exit 3, no data', () => {
    const { code, json } = dns(tampered, 'www.yakker.test', 'A', '--trust-anchor', anchor);
    expect(code).toBe(3);
    expect(json).toMatchObject({ status: 'bogus', answers: [] });
    expect(String(json['reason'])).toMatch(/does not verify/);
  });
  it('root anchors only (this server has no root zone) => indeterminate, exit 4', () => {
    const { code, json } = dns(good, 'www.yakker.test', 'A');
    expect(code).toBe(4);
    expect(json['status']).toBe('indeterminate');
  });
  it('bad usage => exit 1', () => {
    expect(dns(good, 'www.yakker.test', 'NOTATYPE').code).toBe(1);
    expect(dns(good, 'www.yakker.test', 'A', '--trust-anchor', join(dir, 'missing.ds')).code).toBe(
      1,
    );
  });
});
