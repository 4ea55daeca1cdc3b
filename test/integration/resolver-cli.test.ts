/**
 * `yakker enum`, `yakker locate` and `yakker cert` end to end: `node bin/yakker.mjs` as a child
 * process against the local DNSSEC hierarchy served by NSD on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startHierarchy, type HierarchyFixture } from '../support/dns-hierarchy';

let fx: HierarchyFixture;

beforeAll(async () => {
  fx = await startHierarchy();
}, 120_000);

afterAll(async () => {
  await fx?.stop();
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function yakker(args: string[], flags = fx.cliFlags): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/yakker.mjs', ...args, ...flags], {
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}

interface CliJson {
  [key: string]: unknown;
  uris: { uri: string }[];
  targets: { transport: string; host: string; tlsa: { usable: boolean } | null }[];
  certificates: { der: string }[];
}

const json = (run: Run): CliJson => JSON.parse(run.stdout) as CliJson;

describe('yakker enum', () => {
  it('prints the SIP URI of a number, secure, exit 0', async () => {
    const run = await yakker(['--json', 'enum', '+1 555 0100', '--suffix', 'e164.yakker.test.']);
    expect(run.status, run.stderr).toBe(0);
    const out = json(run);
    expect(out['e164']).toBe('+15550100');
    expect(out['status']).toBe('secure');
    expect(out.uris[0]?.uri).toBe('sip:+15550100@provider.test');
  });

  it('national format with --country, for people', async () => {
    const run = await yakker([
      'enum',
      '(555) 0101',
      '--country',
      'US',
      '--suffix',
      'e164.yakker.test',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/status\s+secure/);
    expect(run.stdout).toMatch(/sip:0101@provider\.test/);
  });

  it('bogus: one JSON document, exit 3', async () => {
    const run = await yakker(['--json', 'enum', '+15550104', '--suffix', 'tampered.yakker.test']);
    expect(run.status).toBe(3);
    expect(json(run)['status']).toBe('bogus');
    expect(json(run)['uris']).toEqual([]);
  });

  it('a number that is not one: exit 1', async () => {
    const run = await yakker(['enum', 'call me']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/not an international number/);
  });
});

describe('yakker locate', () => {
  it('lists TLS, WSS and TCP targets with TLSA', async () => {
    const run = await yakker(['--json', 'locate', 'sip:alice@provider.test']);
    expect(run.status, run.stderr).toBe(0);
    const out = json(run);
    expect(out['status']).toBe('secure');
    const targets = out.targets;
    expect(targets.map((t) => t.transport)).toEqual(['tls', 'tls', 'wss', 'tcp']);
    expect(targets[0]?.tlsa?.usable).toBe(true);
  });

  it('for people: a table', async () => {
    const run = await yakker(['locate', 'sips:alice@provider.test']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/TRANSPORT\s+HOST\s+PORT/);
    expect(run.stdout).toMatch(/wss\s+ws\.provider\.test\s+8443\s+secure/);
  });

  it('bogus NAPTR: exit 3', async () => {
    const run = await yakker(['--json', 'locate', 'sip:bob@expired.yakker.test']);
    expect(run.status).toBe(3);
    expect(json(run)['status']).toBe('bogus');
  });

  it('not a SIP URI: exit 1', async () => {
    expect((await yakker(['locate', 'http://provider.test/'])).status).toBe(1);
  });
});

describe('yakker cert', () => {
  it('E.164 identity: both certificates, as DER base64', async () => {
    const run = await yakker(['--json', 'cert', 'tel:+15550100', '--suffix', 'e164.yakker.test']);
    expect(run.status, run.stderr).toBe(0);
    const out = json(run);
    expect(out['status']).toBe('secure');
    const ders = out.certificates.map((c) => c.der).sort();
    expect(ders).toEqual(fx.hierarchy.certs.tel.map((c) => c.der.toString('base64')).sort());
  });

  it('SIP identity, for people: subject and names', async () => {
    const run = await yakker(['cert', 'sip:alice@provider.test']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/CN=alice-sip/);
    expect(run.stdout).toMatch(/URI:sip:alice@provider\.test/);
  });

  it('bogus: exit 3', async () => {
    const run = await yakker(['--json', 'cert', 'sip:alice@expired.yakker.test']);
    expect(run.status).toBe(3);
    expect(json(run)['certificates']).toEqual([]);
  });

  it('no server answers: indeterminate, exit 4', async () => {
    const port = await freePort();
    const run = await yakker(
      ['--json', 'cert', 'sip:alice@provider.test'],
      ['--server', `127.0.0.1:${port}`, '--trust-anchor', fx.hierarchy.trustAnchorFile],
    );
    expect(run.status).toBe(4);
    expect(json(run)['status']).toBe('indeterminate');
  });

  it('an unreadable trust anchor file: exit 1', async () => {
    const run = await yakker(['enum', '+15550100'], ['--trust-anchor', '/nonexistent/anchor.ds']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/trust-anchor/);
  });

  it('a bad --server: exit 1', async () => {
    const run = await yakker(['cert', 'sip:alice@provider.test'], ['--server', 'nowhere:99999']);
    expect(run.status).toBe(1);
  });
});
