/**
 * The providers' Kamailios in a running devnet (`yakker devnet up` + `seed`, spawned CLI), where
 * the machine has IPv6 loopback: they listen on [::1] too, same ports (bob registers over
 * wss://[::1] and exchanges MESSAGEs with alice on 127.0.0.1 across providers). And the
 * supervisor starts one again when it dies (docs/devnet.md "Supervision"): provider A's main
 * Kamailio process SIGKILLed (its children left behind, as after an OOM kill) comes back on the
 * same ports with the same TLS key, so the published TLSA still matches and `locate` is secure;
 * alice's JsSIP user agent, never told, registers again by itself, and bob on provider B reaches
 * her across providers. status, the PID file and devnet.json name the new process. Knot's
 * restart is in devnet-dns-updates.test.ts; the restart policy (limits) in the unit tests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kamailioPids, type DevnetProfile } from '../../devnet/src/index';
import { startUa, type TestUa } from '../support/jssip-node';
import { servedCertificate, servedCertificateAt, spkiSha256 } from '../support/served-certificate';
import { yakker } from '../support/yakker-cli';

const stateDir = mkdtempSync(join(tmpdir(), 'yakker-devnet-sip-servers-'));
const uas: TestUa[] = [];
let profile: DevnetProfile;
let passwords: Record<string, string>;
let ca: string;

interface Status {
  state: string;
  processes: { name: string; pid: number; running: boolean }[];
}

async function json<T>(args: string[]): Promise<T> {
  const run = await yakker(['--json', ...args]);
  expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(0);
  return JSON.parse(run.stdout) as T;
}

function ua(provider: DevnetProfile['providers'][number], user: string, number: string): TestUa {
  const u = startUa({
    wssUrl: `wss://127.0.0.1:${provider.ports.wss}`,
    caPem: ca,
    uri: `sip:${number}@${provider.domain}`,
    password: passwords[user] ?? '',
  });
  uas.push(u);
  return u;
}

const alive = (pid: number): boolean => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

beforeAll(async () => {
  await json<Status>(['devnet', 'up', '--state', stateDir]);
  await json<unknown>(['devnet', 'seed', '--state', stateDir]);
  profile = JSON.parse(readFileSync(join(stateDir, 'devnet.json'), 'utf8')) as DevnetProfile;
  passwords = JSON.parse(
    readFileSync(join(stateDir, 'demo-users', 'sip-passwords.json'), 'utf8'),
  ) as Record<string, string>;
  ca = readFileSync(profile.caCertFile, 'utf8');
}, 300_000);

afterAll(async () => {
  for (const u of uas) u.stop();
  await yakker(['devnet', 'down', '--state', stateDir]);
  rmSync(stateDir, { recursive: true, force: true });
}, 120_000);

describe('devnet SIP servers', { timeout: 180_000 }, () => {
  it('listen on ::1 too: a user there and a user on 127.0.0.1 message each other across providers', async () => {
    const [a, b] = profile.providers;
    if (a === undefined || b === undefined) throw new Error('devnet.json lists no providers');
    expect([a.ipv6, b.ipv6]).toEqual([true, true]);
    const bob = startUa({
      wssUrl: `wss://[::1]:${b.ports.wss}`,
      caPem: ca,
      uri: `sip:+15550101@${b.domain}`,
      password: passwords['bob'] ?? '',
    });
    uas.push(bob);
    expect(await bob.registration).toBe(200);
    const alice = ua(a, 'alice', '+15550100');
    expect(await alice.registration).toBe(200);
    expect(await alice.send('sip:+15550101@b.provider.test', 'to ::1')).toBe(200);
    expect(await bob.nextMessage()).toMatchObject({ body: 'to ::1' });
    expect(await bob.send('sip:+15550100@a.provider.test', 'from ::1')).toBe(200);
    expect(await alice.nextMessage()).toMatchObject({ body: 'from ::1' });
    // The same certificate on ::1 (its subjectAltName names ::1).
    const served = await servedCertificateAt('::1', a.ports.tls, ca);
    expect(spkiSha256(served)).toBe(spkiSha256(await servedCertificate(a.ports.tls, ca, a.domain)));
  });

  it("a provider's Kamailio that dies is started again; registrations recover by themselves", async () => {
    const [a, b] = profile.providers;
    if (a === undefined || b === undefined) throw new Error('devnet.json lists no providers');
    const alice = ua(a, 'alice', '+15550100');
    expect(await alice.registration).toBe(200);
    const tlsaBefore = spkiSha256(await servedCertificate(a.ports.tls, ca, a.domain));
    const reRegistered = new Promise<void>((resolve) => {
      alice.ua.on('registered', () => {
        resolve();
      });
    });
    const configPath = join(a.stateDir, 'kamailio.cfg');
    const before = await kamailioPids(configPath);
    expect(before).toContain(a.pid);
    process.kill(a.pid, 'SIGKILL');

    let status: Status | undefined;
    for (let i = 0; i < 600; i++) {
      status = await json<Status>(['devnet', 'status', '--state', stateDir]);
      const now = status.processes.find((p) => p.name === 'provider-a');
      if (status.state === 'running' && now !== undefined && now.pid !== a.pid) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status?.state).toBe('running');
    const pid = status?.processes.find((p) => p.name === 'provider-a')?.pid ?? 0;
    expect(pid).not.toBe(a.pid);
    expect(readFileSync(join(stateDir, 'run', 'provider-a.pid'), 'utf8').trim()).toBe(String(pid));
    const after = JSON.parse(readFileSync(join(stateDir, 'devnet.json'), 'utf8')) as DevnetProfile;
    expect(after.providers.map((p) => [p.name, p.pid, p.ports])).toEqual([
      ['a', pid, a.ports],
      ['b', b.pid, b.ports],
    ]);
    // The old children were ended; only the new Kamailio runs with this config.
    expect(before.filter(alive).filter((p) => p !== pid)).toEqual([]);

    // Same ports, same key: the published TLSA still matches, so DANE lookups stay secure.
    expect(spkiSha256(await servedCertificate(a.ports.tls, ca, a.domain))).toBe(tlsaBefore);
    const located = await json<{
      status: string;
      targets: { tlsa: { records: { data: string }[] } | null }[];
    }>([
      'locate',
      'sips:+15550100@a.provider.test',
      '--server',
      profile.dns.server,
      '--trust-anchor',
      profile.dns.trustAnchorFile,
    ]);
    expect(located.status).toBe('secure');
    for (const t of located.targets)
      expect(t.tlsa?.records[0]?.data.toLowerCase()).toBe(tlsaBefore);

    // alice's user agent was never told: it reconnects and registers again on its own.
    await reRegistered;
    const bob = ua(b, 'bob', '+15550101');
    expect(await bob.registration).toBe(200);
    expect(await bob.send('sip:+15550100@a.provider.test', 'after the restart')).toBe(200);
    expect(await alice.nextMessage()).toMatchObject({ body: 'after the restart' });
    expect(readFileSync(join(stateDir, 'devnet.log'), 'utf8')).toMatch(
      /exited; started it again.*provider-a/,
    );
  });
});
