/**
 * Smoke test of `yakker dns` against real servers: two zones signed with dnssec-signzone (test.
 * Ed25519 + NSEC, yakker.test. P-256 + NSEC3), served by NSD on 127.0.0.1; then a tampered copy.
 * The broad hierarchy with delv comparisons lives in test/support/dns-hierarchy.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NsdServer, makeTempDir, removeDir, signZone, startNsd } from '../support/nsd-server';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'yakker.mjs');

let dir = '';
let badDir = '';
let good: NsdServer | undefined;
let tampered: NsdServer | undefined;
let anchor = '';

function dns(
  server: NsdServer | undefined,
  ...args: string[]
): { code: number | null; json: Record<string, unknown> } {
  const r = spawnSync(
    'node',
    [cli, 'dns', ...args, '--server', `127.0.0.1:${server?.port ?? 0}`, '--json'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return { code: r.status, json: JSON.parse(r.stdout) as Record<string, unknown> };
}

beforeAll(async () => {
  dir = makeTempDir('yakker-dns-smoke-');
  const child = signZone(
    dir,
    'yakker.test.',
    `$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 300\n@ NS ns1\nns1 A 127.0.0.1\nwww A 192.0.2.10\nalias CNAME www\n`,
    { nsec3: { salt: 'aabbccdd', iterations: 0 } },
  );
  const parent = signZone(
    dir,
    'test.',
    `$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 300\n@ NS ns1\nns1 A 127.0.0.1\nyakker NS ns1.yakker\nns1.yakker A 127.0.0.1\n${readFileSync(child.dssetFile, 'utf8')}`,
    { algorithm: 'ED25519' },
  );
  anchor = parent.dssetFile;
  good = await startNsd(dir, [
    { origin: 'test.', file: parent.signedFile },
    { origin: 'yakker.test.', file: child.signedFile },
  ]);
  badDir = makeTempDir('yakker-dns-smoke-bad-');
  const badFile = join(badDir, 'yakker.test.zone.signed');
  const text = readFileSync(child.signedFile, 'utf8');
  expect(text).toContain('192.0.2.10');
  writeFileSync(badFile, text.replace('192.0.2.10', '192.0.2.66'));
  tampered = await startNsd(badDir, [
    { origin: 'test.', file: parent.signedFile },
    { origin: 'yakker.test.', file: badFile },
  ]);
});

afterAll(() => {
  good?.stop();
  tampered?.stop();
  if (dir) removeDir(dir);
  if (badDir) removeDir(badDir);
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
