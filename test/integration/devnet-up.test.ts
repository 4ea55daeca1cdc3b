/**
 * The devnet as one thing (docs/devnet.md): `yakker devnet up` (the spawned CLI) in a temporary
 * state folder, `seed`, then the real CLI lookups with devnet.json's DNS server and trust anchor:
 * alice's ENUM and certificate, provider A's TLS/WSS targets with TLSA matching the certificate
 * Kamailio serves, all secure; delv agrees on the NAPTR and SMIMEA records. `status` lists every process; `down` leaves none (checked in
 * /proc), also after the supervisor was SIGKILLed; a second `down` is harmless.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DevnetProfile } from '../../devnet/src/index';
import { delv } from '../support/dns-hierarchy';
import { removeHome, startPrivateSession } from '../support/private-keyring';
import { servedCertificate, spkiSha256 } from '../support/served-certificate';
import { yakker } from '../support/yakker-cli';

const stateDir = mkdtempSync(join(tmpdir(), 'yakker-devnet-up-'));

async function json<T>(args: string[], env: Record<string, string> = {}): Promise<T> {
  const run = await yakker(['--json', ...args], env);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

interface Status {
  state: string;
  processes: { name: string; pid: number; running: boolean }[];
  profile: DevnetProfile | null;
}

const alive = (pid: number): boolean => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

/** Every live process whose command line names the state folder (Knot, Kamailio, rtpengine, baresip, supervisor). */
function processesOfStateDir(): number[] {
  return readdirPids().filter((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return argv.includes(stateDir) && alive(pid);
    } catch {
      return false;
    }
  });
}

function readdirPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^[0-9]+$/.test(e))
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

afterAll(async () => {
  await yakker(['devnet', 'down', '--state', stateDir]);
  rmSync(stateDir, { recursive: true, force: true });
});

// Every step spawns the CLI (seconds each on a loaded 2-core machine), some several times.
describe('yakker devnet', { timeout: 180_000 }, () => {
  let profile: DevnetProfile;
  let lookupFlags: string[];

  it('up starts DNS and both providers, writes devnet.json and PID files', async () => {
    const status = await json<Status>(['devnet', 'up', '--state', stateDir]);
    expect(status.state).toBe('running');
    expect(status.processes.map((p) => p.name).sort()).toEqual([
      'knot',
      'provider-a',
      'provider-b',
      'pstn-gateway',
      'rtpengine',
      'supervisor',
    ]);
    expect(status.processes.every((p) => p.running && alive(p.pid))).toBe(true);
    profile = JSON.parse(readFileSync(join(stateDir, 'devnet.json'), 'utf8')) as DevnetProfile;
    expect(profile.dns.host).toBe('127.0.0.1');
    expect(profile.dns.trustAnchor.length).toBeGreaterThan(0);
    expect(readFileSync(profile.dns.trustAnchorFile, 'utf8')).toContain(' DS ');
    expect(profile.directory.suffix).toBe('e164.yakker.test.');
    expect(profile.providers.map((p) => p.domain)).toEqual(['a.provider.test', 'b.provider.test']);
    expect(existsSync(profile.caCertFile)).toBe(true);
    lookupFlags = ['--server', profile.dns.server, '--trust-anchor', profile.dns.trustAnchorFile];
  });

  it('seed creates alice and bob; enum and cert find them, secure', async () => {
    const seeded = await json<{ accounts: { user: string; sipUri: string }[] }>([
      'devnet',
      'seed',
      '--state',
      stateDir,
    ]);
    expect(seeded.accounts.map((a) => a.sipUri)).toEqual([
      'sip:+15550100@a.provider.test',
      'sip:+15550101@b.provider.test',
    ]);
    const suffix = ['--suffix', 'e164.yakker.test', ...lookupFlags];
    const alice = await json<{ status: string; uris: { uri: string }[] }>([
      'enum',
      '+15550100',
      ...suffix,
    ]);
    expect(alice.status).toBe('secure');
    expect(alice.uris[0]?.uri).toBe('sip:+15550100@a.provider.test');
    const bob = await json<{ status: string; uris: { uri: string }[] }>([
      'enum',
      '+15550101',
      ...suffix,
    ]);
    expect(bob.uris[0]?.uri).toBe('sip:+15550101@b.provider.test');
    const cert = await json<{ status: string; certificates: { der: string }[] }>([
      'cert',
      '+15550100',
      ...suffix,
    ]);
    expect(cert.status).toBe('secure');
    const published = readFileSync(join(stateDir, 'demo-users', 'alice.cert.pem'), 'utf8');
    expect(cert.certificates[0]?.der).toBe(new X509Certificate(published).raw.toString('base64'));
    // delv, the reference validator, from the devnet's root anchor.
    const anchor = profile.dns.delvAnchorFile;
    const owner = '0.0.1.0.5.5.5.1.e164.yakker.test';
    const naptr = await delv(profile.dns, anchor, owner, 'NAPTR');
    expect(naptr.status, naptr.output).toBe('secure');
    expect(naptr.answers.join('\n')).toContain('sip:+15550100@a.provider.test');
    const smimea = await delv(profile.dns, anchor, `_smimecert.${owner}`, 'SMIMEA');
    expect(smimea.status, smimea.output).toBe('secure');
  });

  it('the DNS server answers on ::1 too (same port): enum and delv validate alice there', async () => {
    expect(profile.dns.ipv6Server).toBe(`[::1]:${profile.dns.port}`);
    const alice = await json<{ status: string; uris: { uri: string }[] }>([
      'enum',
      '+15550100',
      '--suffix',
      'e164.yakker.test',
      '--server',
      profile.dns.ipv6Server ?? '',
      '--trust-anchor',
      profile.dns.trustAnchorFile,
    ]);
    expect(alice.status).toBe('secure');
    expect(alice.uris[0]?.uri).toBe('sip:+15550100@a.provider.test');
    const naptr = await delv(
      { host: '::1', port: profile.dns.port },
      profile.dns.delvAnchorFile,
      '0.0.1.0.5.5.5.1.e164.yakker.test',
      'NAPTR',
    );
    expect(naptr.status, naptr.output).toBe('secure');
  });

  it('locate finds provider A over TLS and WSS with TLSA for the served certificate', async () => {
    const found = await json<{
      status: string;
      targets: { transport: string; port: number; tlsa: { records: { data: string }[] } | null }[];
    }>(['locate', 'sips:+15550100@a.provider.test', ...lookupFlags]);
    expect(found.status).toBe('secure');
    const a = profile.providers[0]!;
    expect(found.targets.map((t) => [t.transport, t.port])).toEqual([
      ['tls', a.ports.tls],
      ['wss', a.ports.wss],
    ]);
    const ca = readFileSync(profile.caCertFile, 'utf8');
    const served = spkiSha256(await servedCertificate(a.ports.tls, ca, 'a.provider.test'));
    for (const t of found.targets) expect(t.tlsa?.records[0]?.data.toLowerCase()).toBe(served);
  });

  it('seed --keychain publishes identities kept in the OS keychain instead', async () => {
    const session = await startPrivateSession('unlocked');
    try {
      const env = { ...session.env, YAKKER_KEYCHAIN_SERVICE: 'yakker-devnet-test' };
      const seeded = await json<{ accounts: { certificate: string; key: string | null }[] }>(
        ['devnet', 'seed', '--keychain', '--state', stateDir],
        env,
      );
      expect(seeded.accounts[0]?.certificate).toMatch(/^keychain identity /);
      expect(seeded.accounts[0]?.key).toBeNull();
      const mine = await json<{ pem: string }>(['keys', 'cert', '+15550100'], env);
      const cert = await json<{ status: string; certificates: { der: string }[] }>([
        'cert',
        '+15550100',
        '--suffix',
        'e164.yakker.test',
        ...lookupFlags,
      ]);
      expect(cert.status).toBe('secure');
      expect(cert.certificates.map((c) => c.der)).toEqual([
        new X509Certificate(mine.pem).raw.toString('base64'),
      ]);
    } finally {
      await session.stop();
      removeHome(session);
    }
  });

  it('status lists every process; down stops them all, and a second down is harmless', async () => {
    const status = await json<Status>(['devnet', 'status', '--state', stateDir]);
    expect(status.state).toBe('running');
    const pids = status.processes.map((p) => p.pid);
    expect(pids).toHaveLength(6);
    const down = await json<{ stopped: { pid: number }[] }>([
      'devnet',
      'down',
      '--state',
      stateDir,
    ]);
    expect(down.stopped.map((p) => p.pid).sort()).toEqual([...pids].sort());
    expect(pids.filter(alive)).toEqual([]);
    expect(processesOfStateDir()).toEqual([]);
    expect(existsSync(join(stateDir, 'devnet.json'))).toBe(false);
    const again = await json<{ stopped: unknown[] }>(['devnet', 'down', '--state', stateDir]);
    expect(again.stopped).toEqual([]);
    expect((await json<Status>(['devnet', 'status', '--state', stateDir])).state).toBe('stopped');
  });

  it('down stops everything by PID after the supervisor was SIGKILLed', async () => {
    const status = await json<Status>(['devnet', 'up', '--state', stateDir]);
    const supervisor = status.processes.find((p) => p.name === 'supervisor')!;
    process.kill(supervisor.pid, 'SIGKILL');
    for (let i = 0; i < 50 && alive(supervisor.pid); i++)
      await new Promise((r) => setTimeout(r, 50));
    const left = await json<Status>(['devnet', 'status', '--state', stateDir]);
    expect(left.state).toBe('degraded');
    const down = await json<{ stopped: { name: string }[] }>([
      'devnet',
      'down',
      '--state',
      stateDir,
    ]);
    expect(down.stopped.map((p) => p.name).sort()).toEqual([
      'knot',
      'provider-a',
      'provider-b',
      'pstn-gateway',
      'rtpengine',
    ]);
    expect(status.processes.map((p) => p.pid).filter(alive)).toEqual([]);
    expect(processesOfStateDir()).toEqual([]);
  }, 150_000); // up, SIGKILL, then down waits 6 s before SIGKILL; slow on a loaded machine
});
