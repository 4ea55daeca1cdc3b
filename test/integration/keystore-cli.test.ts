/**
 * `yakker keys` and `yakker msg` end to end: `node bin/yakker.mjs` as a child process against a
 * real gnome-keyring on private D-Bus sessions (unlocked, locked, none, no bus at all).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  removeHome,
  requireKeyringTools,
  startPrivateSession,
  type PrivateSession,
} from '../support/private-keyring';

const SERVICE = `yakker-cli-test-${process.pid}`;
/**
 * bin/yakker.mjs and the CLI bundle (built once by vitest's global setup, or here if missing),
 * copied where another build cannot replace them mid-test; inside node_modules/ so the bundle's
 * npm imports still resolve.
 */
const CLI_ROOT = join('node_modules', '.cache', `yakker-cli-test-${process.pid}`);
const YAKKER_BIN = join(CLI_ROOT, 'bin', 'yakker.mjs');

function buildPrivateCli(): void {
  mkdirSync(join(CLI_ROOT, 'bin'), { recursive: true });
  mkdirSync(join(CLI_ROOT, 'dist', 'main'), { recursive: true });
  copyFileSync('bin/yakker.mjs', YAKKER_BIN);
  // The whole folder: the bundles are split into chunks that load on demand.
  cpSync('dist/main', join(CLI_ROOT, 'dist', 'main'), { recursive: true });
}
let session: PrivateSession;
let work: string;

beforeAll(async () => {
  requireKeyringTools();
  buildPrivateCli();
  work = mkdtempSync(join(tmpdir(), 'yakker-cli-'));
  session = await startPrivateSession('unlocked');
}, 120_000);

afterAll(async () => {
  await session.stop();
  removeHome(session);
  rmSync(work, { recursive: true, force: true });
  rmSync(CLI_ROOT, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

function yakker(env: Record<string, string>, args: string[], input?: string | Buffer): Run {
  const result = spawnSync(process.execPath, [YAKKER_BIN, ...args], {
    env: {
      PATH: process.env['PATH'] ?? '',
      YAKKER_KEYCHAIN_SERVICE: SERVICE,
      YAKKER_DATA_DIR: join(work, 'data'),
      ...env,
    },
    input,
    encoding: 'utf8',
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    json: () => JSON.parse(result.stdout) as Record<string, unknown>,
  };
}
function expectOk(run: Run): Run {
  expect(run.status, run.stderr).toBe(0);
  return run;
}
const path = (name: string) => join(work, name);
const errorCode = (run: Run) => (run.json()['error'] as { code: string }).code;

describe('yakker keys and msg on an unlocked keychain', () => {
  it('creates identities, lists them, prints certificates and DNS records', () => {
    const env = session.env;
    expectOk(yakker(env, ['keys', 'create', '--tel', '+15550100', '--name', 'alice']));
    const bob = yakker(env, [
      '--json',
      'keys',
      'create',
      '--tel',
      '+15550101',
      '--sip',
      'sip:bob@example.org',
      '--name',
      'bob',
    ]);
    expectOk(bob);
    expect(bob.json()['identity']).toMatchObject({ tel: '+15550101', keyType: 'p256' });
    expect(
      yakker(env, ['keys', 'create', '--sip', 'sip:carol@example.org', '--name', 'carol']).status,
    ).toBe(0);
    const list = yakker(env, ['--json', 'keys', 'list']);
    expect((list.json()['identities'] as { name: string }[]).map((i) => i.name)).toEqual([
      'alice',
      'bob',
      'carol',
    ]);
    expect(yakker(env, ['keys', 'list']).stdout).toMatch(/ID\s+NAME\s+TEL\s+SIP\s+KEY\s+EXPIRES/);
    for (const who of ['alice', 'bob', 'carol'])
      writeFileSync(path(`${who}.pem`), yakker(env, ['keys', 'cert', who]).stdout);
    const records = yakker(env, ['keys', 'records', 'bob', '--suffix', 'e164.yakker.test'])
      .stdout.trim()
      .split('\n');
    expect(records).toHaveLength(2);
    expect(records[0]).toMatch(
      /^_smimecert\.1\.0\.1\.0\.5\.5\.5\.1\.e164\.yakker\.test\. 3600 IN SMIMEA 3 0 0 3082[0-9A-F]+$/,
    );
    expect(records[1]).toMatch(
      /^[0-9a-f]{56}\._smimecert\.example\.org\. 3600 IN SMIMEA 3 0 0 3082/,
    );
  });

  it('seals and opens; each security failure exits 3 with its reason', () => {
    const env = session.env;
    const sealed = yakker(
      env,
      ['msg', 'seal', '--from', 'alice', '--to', path('bob.pem')],
      'hello bob\n',
    );
    expectOk(sealed);
    expect(sealed.stdout).toMatch(
      /^MIME-Version: 1\.0\r\nContent-Type: application\/pkcs7-mime; smime-type=enveloped-data/,
    );
    writeFileSync(path('m.p7m'), sealed.stdout);
    const open = (as: string, sender: string, extra: string[] = []) =>
      yakker(
        env,
        ['msg', 'open', '--as', as, '--sender-cert', path(sender), ...extra],
        readFileSync(path('m.p7m')),
      );

    const opened = open('bob', 'alice.pem', ['--expect-from', 'tel:+15550100']);
    expectOk(opened);
    expect(opened.stdout).toBe('hello bob\n');

    const replay = open('bob', 'alice.pem');
    expect(replay.status).toBe(3);
    expect(replay.stderr).toMatch(/already received/);
    const swapped = yakker(
      env,
      ['--json', 'msg', 'open', '--as', 'alice', '--sender-cert', path('carol.pem')],
      readFileSync(path('m.p7m')),
    );
    expect([swapped.status, errorCode(swapped)]).toEqual([3, 'crypto-sender-mismatch']);
    const notForMe = yakker(
      env,
      ['--json', 'msg', 'open', '--as', 'carol', '--sender-cert', path('alice.pem')],
      readFileSync(path('m.p7m')),
    );
    expect([notForMe.status, errorCode(notForMe)]).toEqual([3, 'crypto-not-recipient']);
    const garbage = yakker(
      env,
      ['--json', 'msg', 'open', '--as', 'bob', '--sender-cert', path('alice.pem')],
      'garbage!',
    );
    expect([garbage.status, errorCode(garbage)]).toEqual([3, 'crypto-malformed']);
  });

  it('exports an encrypted PKCS#12 that openssl reads, and imports it again', () => {
    const env = session.env;
    writeFileSync(path('pw'), 'a-long-backup-password\n');
    const exported = yakker(env, [
      'keys',
      'export',
      'alice',
      '--out',
      path('alice.p12'),
      '--password-file',
      path('pw'),
    ]);
    expectOk(exported);
    const pem = execFileSync('openssl', [
      'pkcs12',
      '-in',
      path('alice.p12'),
      '-passin',
      `file:${path('pw')}`,
      '-nodes',
    ]).toString();
    expect(pem).toContain('BEGIN PRIVATE KEY');
    const other = { ...env, YAKKER_KEYCHAIN_SERVICE: `${SERVICE}-restore` };
    writeFileSync(path('bad-pw'), 'wrong\n');
    const wrong = yakker(other, [
      '--json',
      'keys',
      'import',
      path('alice.p12'),
      '--password-file',
      path('bad-pw'),
    ]);
    expect([wrong.status, errorCode(wrong)]).toEqual([2, 'bad-password']);
    const imported = yakker(other, [
      '--json',
      'keys',
      'import',
      path('alice.p12'),
      '--password-file',
      path('pw'),
    ]);
    expectOk(imported);
    expect(imported.json()['identity']).toMatchObject({ tel: '+15550100', name: '+15550100' });
  });

  it('imports a key made by openssl genpkey and renames, renews and deletes', () => {
    const env = session.env;
    execFileSync('openssl', [
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      path('g.pem'),
    ]);
    const imported = yakker(env, [
      '--json',
      'keys',
      'import',
      path('g.pem'),
      '--tel',
      '+15550155',
      '--name',
      'genpkey',
    ]);
    expectOk(imported);
    expectOk(yakker(env, ['keys', 'rename', 'genpkey', 'renamed']));
    const renewed = yakker(env, ['--json', 'keys', 'renew', 'renamed', '--new-key']);
    expect((renewed.json()['identity'] as { certificates: number }).certificates).toBe(2);
    expectOk(yakker(env, ['keys', 'delete', 'renamed']));
    const gone = yakker(env, ['--json', 'keys', 'cert', 'renamed']);
    expect([gone.status, errorCode(gone)]).toEqual([2, 'identity-not-found']);
  });
});

describe('yakker keys fails closed when the keychain is locked or missing', () => {
  it('locked keychain → exit 2, keychain-locked, with what to do', async () => {
    const home = mkdtempSync(join(tmpdir(), 'yakker-locked-'));
    const first = await startPrivateSession('unlocked', home);
    expectOk(yakker(first.env, ['keys', 'create', '--tel', '+15550100']));
    await first.stop();
    const locked = await startPrivateSession('locked', home);
    try {
      for (const args of [
        ['keys', 'list'],
        ['keys', 'create', '--tel', '+15550100'],
      ]) {
        const run = yakker(locked.env, ['--json', ...args]);
        expect([run.status, errorCode(run)]).toEqual([2, 'keychain-locked']);
      }
      expect(yakker(locked.env, ['keys', 'list']).stderr).toMatch(/keychain is locked\. Unlock it/);
    } finally {
      await locked.stop();
      removeHome(locked);
    }
  });

  it('no Secret Service on the bus, or no bus → exit 2, keychain-unavailable', async () => {
    const none = await startPrivateSession('none');
    try {
      const run = yakker(none.env, ['--json', 'keys', 'list']);
      expect([run.status, errorCode(run)]).toEqual([2, 'keychain-unavailable']);
    } finally {
      await none.stop();
      removeHome(none);
    }
    const noBus = yakker({ HOME: work }, ['--json', 'keys', 'create', '--tel', '+15550100']);
    expect([noBus.status, errorCode(noBus)]).toEqual([2, 'keychain-unavailable']);
    expect(yakker({ HOME: work }, ['keys', 'list']).stderr).toMatch(/No usable OS keychain/);
  });
});
