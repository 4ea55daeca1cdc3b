/**
 * The devnet's directory zone on Knot DNS (docs/devnet.md "DNS"): a real devnet (`yakker devnet
 * up` + `seed`, spawned CLI) in a temporary state folder. Live publishing through
 * publishDirectoryEntries is visible at once and secure through our validating resolver and delv,
 * without restarting anything; a withdrawn number is a secure denial; walking the zone with NSEC
 * queries reveals no registered number (while the same walk does list an offline-signed zone);
 * updates without the TSIG key, with a wrong one, or with bad records are refused and change
 * nothing; a killed Knot is started again by the supervisor (same port, same trust anchor, the
 * published records); `down` leaves nothing running; `up` again serves the published records.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoIdentity } from '../../devnet/src/demo-identity';
import {
  devnetPaths,
  publishDirectoryEntries,
  readDirectoryEntries,
  type DevnetPaths,
  type DevnetProfile,
} from '../../devnet/src/index';
import { directoryServer, resignDirectory } from '../../devnet/src/dns/devnet-dns';
import { directoryRecords } from '../../devnet/src/dns/devnet-zones';
import { sendDirectoryUpdate } from '../../devnet/src/dns/directory-update';
import { soaSerial } from '../../devnet/src/dns/soa-serial';
import { generateTsigKey, writeTsigKeyFile } from '../../devnet/src/dns/tsig-key';
import { which } from '../../devnet/src/dns/tools';
import { lookupCertificates } from '../../main/resolver/cert/cert-lookup';
import { createResolver } from '../../main/resolver/create-resolver';
import { lookupEnum } from '../../main/resolver/enum/enum-lookup';
import { delv } from '../support/dns-hierarchy';
import { yakker } from '../support/yakker-cli';

const stateDir = mkdtempSync(join(tmpdir(), 'yakker-devnet-dns-'));
const SUFFIX = 'e164.yakker.test.';
const ALICE = '0.0.1.0.5.5.5.1.e164.yakker.test.';
const CAROL = { e164: '+15550142', owner: '2.4.1.0.5.5.5.1.e164.yakker.test.' };
const CAROL_URI = 'sip:+15550142@a.provider.test';
const DAVE = { e164: '+15550143', owner: '3.4.1.0.5.5.5.1.e164.yakker.test.' };
const DAVE_URI = 'sip:+15550143@b.provider.test';

async function json<T>(args: string[]): Promise<T> {
  const run = await yakker(['--json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

interface Status {
  state: string;
  processes: { name: string; pid: number; running: boolean }[];
}

const alive = (pid: number): boolean => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

function processesOfStateDir(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^[0-9]+$/.test(e))
    .map(Number)
    .filter((pid) => pid !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(stateDir) && alive(pid);
      } catch {
        return false;
      }
    });
}

/** kdig (knot-dnsutils) against the devnet's server; its stdout. */
function kdig(profile: DevnetProfile, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      which('kdig') ?? 'kdig',
      [`@${profile.dns.host}`, '-p', String(profile.dns.port), '+dnssec', ...args],
      { timeout: 10_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`kdig ${args.join(' ')}: ${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** NSEC records in kdig's output: owner and next name, lower case. */
function nsecRecords(output: string): { owner: string; next: string }[] {
  return output
    .split('\n')
    .filter((l) => !l.startsWith(';'))
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[3] === 'NSEC')
    .map((f) => ({ owner: (f[0] ?? '').toLowerCase(), next: (f[4] ?? '').toLowerCase() }));
}

/**
 * Zone walking (what an attacker does): ask for the NSEC record at the apex, then at its next
 * name, and so on, until the chain wraps around or `steps` queries. Returns every name seen.
 */
async function walk(profile: DevnetProfile, zone: string, steps = 25): Promise<string[]> {
  const seen: string[] = [zone];
  let name = zone;
  for (let i = 0; i < steps; i++) {
    const nsec = nsecRecords(await kdig(profile, [name, 'NSEC'])).find((r) => r.owner === name);
    if (nsec === undefined || nsec.next === zone) break;
    seen.push(nsec.next);
    name = nsec.next;
  }
  return seen;
}

let profile: DevnetProfile;
let paths: DevnetPaths;

const resolver = (): ReturnType<typeof createResolver> =>
  createResolver({
    servers: [{ host: profile.dns.host, port: profile.dns.port }],
    trustAnchorFiles: [profile.dns.trustAnchorFile],
  });

const serial = async (): Promise<number | null> =>
  soaSerial(profile.dns.host, profile.dns.port, SUFFIX);

beforeAll(async () => {
  await json<Status>(['devnet', 'up', '--state', stateDir]);
  await json<unknown>(['devnet', 'seed', '--state', stateDir]);
  paths = devnetPaths(stateDir);
  profile = JSON.parse(readFileSync(paths.profile, 'utf8')) as DevnetProfile;
}, 300_000);

afterAll(async () => {
  await yakker(['devnet', 'down', '--state', stateDir]);
  rmSync(stateDir, { recursive: true, force: true });
}, 120_000);

// A whole devnet: under load (2 cores shared by several suites) steps take far longer than usual.
describe('the devnet directory zone on Knot', { timeout: 180_000 }, () => {
  it('after seed, delv validates alice’s NAPTR and SMIMEA from the devnet root anchor', async () => {
    const anchor = profile.dns.delvAnchorFile;
    const naptr = await delv(profile.dns, anchor, ALICE, 'NAPTR');
    expect(naptr.status, naptr.output).toBe('secure');
    expect(naptr.answers.join('\n')).toContain('sip:+15550100@a.provider.test');
    const smimea = await delv(profile.dns, anchor, `_smimecert.${ALICE}`, 'SMIMEA');
    expect(smimea.status, smimea.output).toBe('secure');
    expect(smimea.answers).toHaveLength(1);
    // Signed online by Knot: the signer is the directory zone's own key, whose DS is in yakker.test.
    const dnskey = await delv(profile.dns, anchor, SUFFIX, 'DNSKEY');
    expect(dnskey.status, dnskey.output).toBe('secure');
  });

  it('a new number published live is visible at once and secure (resolver and delv); nothing restarts', async () => {
    const before = await json<Status>(['devnet', 'status', '--state', stateDir]);
    const serialBefore = await serial();
    const carol = await ensureDemoIdentity(
      join(stateDir, 'extra-users'),
      'carol',
      CAROL.e164,
      CAROL_URI,
    );
    await publishDirectoryEntries(paths, {
      [CAROL.e164]: directoryRecords(CAROL.e164, CAROL_URI, carol.certDer),
    });
    // No waiting: publishDirectoryEntries returns once Knot serves the new data.
    const found = await lookupEnum(resolver(), CAROL.e164, { suffix: SUFFIX });
    expect(found.status).toBe('secure');
    expect(found.uris.map((u) => u.uri)).toEqual([CAROL_URI]);
    const certs = await lookupCertificates(resolver(), `tel:${CAROL.e164}`, { suffix: SUFFIX });
    expect(certs.status).toBe('secure');
    expect(certs.certificates.map((c) => Buffer.from(c.der).toString('base64'))).toEqual([
      carol.certDer.toString('base64'),
    ]);
    const naptr = await delv(profile.dns, profile.dns.delvAnchorFile, CAROL.owner, 'NAPTR');
    expect(naptr.status, naptr.output).toBe('secure');
    expect(naptr.answers.join('\n')).toContain(CAROL_URI);
    const smimea = await delv(
      profile.dns,
      profile.dns.delvAnchorFile,
      `_smimecert.${CAROL.owner}`,
      'SMIMEA',
    );
    expect(smimea.status, smimea.output).toBe('secure');
    expect(await serial()).toBeGreaterThan(serialBefore ?? 0);
    expect(Object.keys(readDirectoryEntries(paths)).sort()).toEqual([
      '+15550100',
      '+15550101',
      CAROL.e164,
    ]);
    const after = await json<Status>(['devnet', 'status', '--state', stateDir]);
    expect(after.state).toBe('running');
    expect(after.processes.map((p) => p.pid).sort()).toEqual(
      before.processes.map((p) => p.pid).sort(),
    );
  });

  it('publishing the same records again is accepted: Knot keeps the serial, the data stays', async () => {
    const entries = readDirectoryEntries(paths);
    const before = await serial();
    await publishDirectoryEntries(paths, { [CAROL.e164]: entries[CAROL.e164] ?? [] });
    expect(await serial()).toBe(before);
    expect(readDirectoryEntries(paths)).toEqual(entries);
    const found = await lookupEnum(resolver(), CAROL.e164, { suffix: SUFFIX });
    expect(found.status).toBe('secure');
    expect(found.uris.map((u) => u.uri)).toEqual([CAROL_URI]);
  });

  it('a withdrawn number becomes a secure denial; the other numbers stay', async () => {
    await publishDirectoryEntries(paths, { [CAROL.e164]: [] });
    const gone = await lookupEnum(resolver(), CAROL.e164, { suffix: SUFFIX });
    expect(gone.status).toBe('secure');
    expect(gone.uris).toEqual([]);
    const noCert = await lookupCertificates(resolver(), `tel:${CAROL.e164}`, { suffix: SUFFIX });
    expect(noCert.status).toBe('secure');
    expect(noCert.certificates).toEqual([]);
    for (const [name, type] of [
      [CAROL.owner, 'NAPTR'],
      [`_smimecert.${CAROL.owner}`, 'SMIMEA'],
    ] as const) {
      const denial = await delv(profile.dns, profile.dns.delvAnchorFile, name, type);
      expect(denial.status, denial.output).toBe('secure');
      expect(['NXDOMAIN', 'NODATA']).toContain(denial.rcode);
      expect(denial.answers).toEqual([]);
    }
    const alice = await lookupEnum(resolver(), '+15550100', { suffix: SUFFIX });
    expect(alice.status).toBe('secure');
    expect(alice.uris.map((u) => u.uri)).toEqual(['sip:+15550100@a.provider.test']);
    expect(Object.keys(readDirectoryEntries(paths)).sort()).toEqual(['+15550100', '+15550101']);
  });

  // Knot's mod-onlinesign fails a query with SERVFAIL when the RRSIG it adds no longer fits the
  // reply (it does not truncate); with the 1232-byte UDP limit that hit every answer between
  // about 1120 and 1232 bytes unsigned, e.g. a number with two certificates. The zone now
  // answers UDP with TC=1 only (mod-noudp), so resolvers come back over TCP.
  it('a certificate set that fits a UDP reply unsigned but not signed is served, not SERVFAIL', async () => {
    const dir = join(stateDir, 'extra-users');
    const laptop = await ensureDemoIdentity(dir, 'dave-laptop', DAVE.e164, DAVE_URI);
    const phone = await ensureDemoIdentity(dir, 'dave-phone-with-a-long-name', DAVE.e164, DAVE_URI);
    const smimea = `_smimecert.${DAVE.owner}`;
    const sizes = async (): Promise<{ unsigned: number; signed: number }> => {
      const size = (out: string): number => Number(/Received ([0-9]+) B/.exec(out)?.[1]);
      return {
        unsigned: size(await kdig(profile, ['+tcp', '+nodnssec', smimea, 'SMIMEA'])),
        signed: size(await kdig(profile, ['+tcp', smimea, 'SMIMEA'])),
      };
    };
    // 1. Two real certificates, through our resolver and delv.
    await publishDirectoryEntries(paths, {
      [DAVE.e164]: [
        ...directoryRecords(DAVE.e164, DAVE_URI, laptop.certDer),
        `${smimea} SMIMEA 3 0 0 ${phone.certDer.toString('hex')}`,
      ],
    });
    const certs = await lookupCertificates(resolver(), `tel:${DAVE.e164}`, { suffix: SUFFIX });
    expect(certs.status, certs.reason).toBe('secure');
    expect(certs.certificates.map((c) => Buffer.from(c.der).toString('hex')).sort()).toEqual(
      [laptop.certDer.toString('hex'), phone.certDer.toString('hex')].sort(),
    );
    const both = await delv(profile.dns, profile.dns.delvAnchorFile, smimea, 'SMIMEA');
    expect(both.status, both.output).toBe('secure');
    expect(both.answers).toHaveLength(2);
    // 2. One record sized into the gap: unsigned it fits 1232 bytes, signed it does not.
    await publishDirectoryEntries(paths, {
      [DAVE.e164]: [`${smimea} SMIMEA 3 0 0 ${'5a'.repeat(1100)}`],
    });
    const { unsigned, signed } = await sizes();
    expect(unsigned).toBeLessThanOrEqual(1232);
    expect(signed).toBeGreaterThan(1232);
    const udp = await kdig(profile, ['+notcp', '+ignore', '+bufsize=1232', smimea, 'SMIMEA']);
    expect(udp).toContain('status: NOERROR');
    expect(udp).toMatch(/Flags: qr[a-z ]* tc\b/);
    const tcp = await kdig(profile, ['+tcp', smimea, 'SMIMEA']);
    expect(tcp).toContain('status: NOERROR');
    expect(tcp).toMatch(/RRSIG\s+SMIMEA 13 /);
    const gap = await delv(profile.dns, profile.dns.delvAnchorFile, smimea, 'SMIMEA');
    expect(gap.status, gap.output).toBe('secure');
    await publishDirectoryEntries(paths, { [DAVE.e164]: [] });
  });

  it('a set too large for any signed answer is refused before anything is sent', async () => {
    const before = await serial();
    const file = readFileSync(paths.directoryRecords, 'utf8');
    const big = `_smimecert.${DAVE.owner} SMIMEA 3 0 0 ${'5a'.repeat(8000)}`;
    await expect(
      publishDirectoryEntries(paths, { [DAVE.e164]: Array.from({ length: 8 }, () => big) }),
    ).rejects.toThrow(/would take about [0-9]+ bytes in a DNS answer: more than 60000/);
    expect(await serial()).toBe(before);
    expect(readFileSync(paths.directoryRecords, 'utf8')).toBe(file);
  });

  it('walking the zone with NSEC queries reveals no registered number', async () => {
    const names = await walk(profile, SUFFIX);
    expect(names.length).toBeGreaterThan(5); // the walk went on (and learned nothing)
    for (const n of names) expect(n).toMatch(/^(\\000\.)*e164\.yakker\.test\.$/);
    // Guessing names in between does not help either: each denial covers only the name asked.
    for (const probe of ['0.e164.yakker.test.', `1.${ALICE}`, 'zz.e164.yakker.test.']) {
      const nsec = nsecRecords(await kdig(profile, [probe, 'NAPTR']));
      expect(nsec.length).toBeGreaterThan(0);
      for (const r of nsec) {
        expect(r.owner).toBe(probe);
        expect(r.next).toBe(`\\000.${probe}`);
      }
    }
    // The walker itself works: on an offline-signed (NSEC) zone it lists the names.
    const provider = await walk(profile, 'a.provider.test.');
    expect(provider).toContain('_sips._tcp.a.provider.test.');
  });

  it('an UPDATE without TSIG, or with a wrong key, is refused and changes nothing', async () => {
    const server = directoryServer(paths);
    const change = {
      deleteNames: ['0.0.1.0.5.5.5.1'],
      add: ['9.9.9.0.5.5.5.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:mallory@evil.test!" .'],
    };
    const before = await serial();
    const wrongSecret = join(stateDir, 'wrong-secret.tsig');
    writeTsigKeyFile(wrongSecret, generateTsigKey());
    const wrongName = join(stateDir, 'wrong-name.tsig');
    writeTsigKeyFile(wrongName, generateTsigKey('someone-else'));
    await expect(sendDirectoryUpdate({ ...server, tsigKeyFile: null }, change)).rejects.toThrow(
      /refused or failed: NOTAUTH/,
    );
    await expect(
      sendDirectoryUpdate({ ...server, tsigKeyFile: wrongSecret }, change),
    ).rejects.toThrow(/refused or failed: (BADSIG|NOTAUTH)/);
    await expect(
      sendDirectoryUpdate({ ...server, tsigKeyFile: wrongName }, change),
    ).rejects.toThrow(/refused or failed: (BADKEY|NOTAUTH)/);
    expect(await serial()).toBe(before);
    const alice = await lookupEnum(resolver(), '+15550100', { suffix: SUFFIX });
    expect(alice.uris.map((u) => u.uri)).toEqual(['sip:+15550100@a.provider.test']);
    const mallory = await lookupEnum(resolver(), '+15550999', { suffix: SUFFIX });
    expect(mallory.status).toBe('secure');
    expect(mallory.uris).toEqual([]);
  });

  it('bad records are refused with a clear error before anything is sent', async () => {
    const before = await serial();
    const file = readFileSync(paths.directoryRecords, 'utf8');
    const naptr = (owner: string): string =>
      `${owner} NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:x@a.provider.test!" .`;
    const cases: [Record<string, string[]>, RegExp][] = [
      [{ alice: [] }, /not an E\.164 number: alice/],
      [
        { '+15550100': [`${naptr('0.0.1.0.5.5.5.1')}\nupdate delete 1.0.1.0.5.5.5.1`] },
        /control characters/,
      ],
      [{ '+15550100': [naptr('1.0.1.0.5.5.5.1')] }, /is not at 0\.0\.1\.0\.5\.5\.5\.1/],
      [{ '+15550100': [naptr('@')] }, /bad record owner/],
      [{ '+15550100': [naptr('0.0.1.0.5.5.5.1.example.org.')] }, /not below the directory zone/],
      [{ '+15550100': ['0.0.1.0.5.5.5.1 A 127.0.0.1'] }, /record type A is not published/],
      [{ '+15550100': ['0.0.1.0.5.5.5.1 NAPTR'] }, /not a record/],
    ];
    for (const [changes, error] of cases)
      await expect(publishDirectoryEntries(paths, changes)).rejects.toThrow(error);
    // Knot's own check: well-formed line, bad NAPTR data. Refused whole; nothing changes.
    await expect(
      publishDirectoryEntries(paths, { '+15550100': ['0.0.1.0.5.5.5.1 NAPTR 100 10 "u" bad'] }),
    ).rejects.toThrow(/refused or failed/);
    expect(await serial()).toBe(before);
    expect(readFileSync(paths.directoryRecords, 'utf8')).toBe(file);
    const alice = await lookupEnum(resolver(), '+15550100', { suffix: SUFFIX });
    expect(alice.uris.map((u) => u.uri)).toEqual(['sip:+15550100@a.provider.test']);
  });

  it('resignDirectory (the former offline re-signing) still sets the whole zone', async () => {
    const entries = readDirectoryEntries(paths);
    const before = (await serial()) ?? 0;
    const after = resignDirectory(paths, entries['+15550100'] ?? [], before);
    expect(after).toBeGreaterThan(before);
    const bob = await lookupEnum(resolver(), '+15550101', { suffix: SUFFIX });
    expect(bob.status).toBe('secure');
    expect(bob.uris).toEqual([]);
    await publishDirectoryEntries(paths, { '+15550101': entries['+15550101'] ?? [] });
    const back = await lookupEnum(resolver(), '+15550101', { suffix: SUFFIX });
    expect(back.uris.map((u) => u.uri)).toEqual(['sip:+15550101@b.provider.test']);
    const alice = await delv(profile.dns, profile.dns.delvAnchorFile, ALICE, 'NAPTR');
    expect(alice.status, alice.output).toBe('secure');
  });

  it('Knot killed: the supervisor starts it again on the same port with every published record', async () => {
    const status = await json<Status>(['devnet', 'status', '--state', stateDir]);
    const knot = status.processes.find((p) => p.name === 'knot');
    expect(knot?.running).toBe(true);
    process.kill(knot?.pid ?? 0, 'SIGKILL');
    let again: Status = status;
    for (let i = 0; i < 600; i++) {
      again = await json<Status>(['devnet', 'status', '--state', stateDir]);
      const now = again.processes.find((p) => p.name === 'knot');
      if (again.state === 'running' && now !== undefined && now.pid !== knot?.pid) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(again.state).toBe('running');
    expect(again.processes.find((p) => p.name === 'knot')?.pid).not.toBe(knot?.pid);
    expect(JSON.parse(readFileSync(paths.profile, 'utf8'))).toEqual(profile);
    // Published live after up (seed), so only in the records file: served again, secure.
    const alice = await lookupEnum(resolver(), '+15550100', { suffix: SUFFIX });
    expect(alice.status).toBe('secure');
    expect(alice.uris.map((u) => u.uri)).toEqual(['sip:+15550100@a.provider.test']);
    const bob = await delv(
      profile.dns,
      profile.dns.delvAnchorFile,
      `_smimecert.1.0.1.0.5.5.5.1.${SUFFIX}`,
      'SMIMEA',
    );
    expect(bob.status, bob.output).toBe('secure');
    // Updates work again.
    const record = `${CAROL.owner} NAPTR 100 10 "u" "E2U+sip" "!^.*$!${CAROL_URI}!" .`;
    await publishDirectoryEntries(paths, { [CAROL.e164]: [record] });
    const carol = await lookupEnum(resolver(), CAROL.e164, { suffix: SUFFIX });
    expect(carol.status).toBe('secure');
    expect(carol.uris.map((u) => u.uri)).toEqual([CAROL_URI]);
    await publishDirectoryEntries(paths, { [CAROL.e164]: [] });
    expect(readFileSync(paths.log, 'utf8')).toMatch(/exited; started it again.*knot/);
  });

  it('down stops every process, Knot included, and leaves nothing running', async () => {
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
      'supervisor',
    ]);
    expect(processesOfStateDir()).toEqual([]);
    expect((await json<Status>(['devnet', 'status', '--state', stateDir])).state).toBe('stopped');
  });

  it('up again serves the published records from the records file, under a new trust anchor', async () => {
    const oldAnchor = profile.dns.trustAnchor;
    await json<Status>(['devnet', 'up', '--state', stateDir]);
    profile = JSON.parse(readFileSync(paths.profile, 'utf8')) as DevnetProfile;
    expect(profile.dns.trustAnchor).not.toEqual(oldAnchor);
    const alice = await lookupEnum(resolver(), '+15550100', { suffix: SUFFIX });
    expect(alice.status).toBe('secure');
    expect(alice.uris.map((u) => u.uri)).toEqual(['sip:+15550100@a.provider.test']);
    const bob = await lookupCertificates(resolver(), 'tel:+15550101', { suffix: SUFFIX });
    expect(bob.status).toBe('secure');
    expect(bob.certificates).toHaveLength(1);
    const carol = await lookupEnum(resolver(), CAROL.e164, { suffix: SUFFIX });
    expect(carol.status).toBe('secure');
    expect(carol.uris).toEqual([]);
  });
});
