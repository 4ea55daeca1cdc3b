/**
 * `yakker pair offer` and `yakker pair join` as two child processes, each with its own real
 * gnome-keyring on a private D-Bus session, over 127.0.0.1 only: the joiner ends with the
 * holder's certificate (same fingerprint) in its own keychain; a wrong code aborts both sides
 * with exit 3 and leaves no key on the joiner.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  removeHome,
  requireKeyringTools,
  startPrivateSession,
  type PrivateSession,
} from '../support/private-keyring';

const SERVICE = `yakker-pair-test-${process.pid}`;
const CLI_ROOT = join('node_modules', '.cache', `yakker-pair-test-${process.pid}`);
const YAKKER_BIN = join(CLI_ROOT, 'bin', 'yakker.mjs');

let holder: PrivateSession;
let joiner: PrivateSession;
let work: string;

beforeAll(async () => {
  requireKeyringTools();
  mkdirSync(join(CLI_ROOT, 'dist', 'main'), { recursive: true });
  mkdirSync(join(CLI_ROOT, 'bin'), { recursive: true });
  copyFileSync('bin/yakker.mjs', YAKKER_BIN);
  // The whole folder: the bundles are split into chunks that load on demand.
  cpSync('dist/main', join(CLI_ROOT, 'dist', 'main'), { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'yakker-pair-'));
  [holder, joiner] = await Promise.all([
    startPrivateSession('unlocked'),
    startPrivateSession('unlocked'),
  ]);
}, 120_000);

afterAll(async () => {
  for (const s of [holder, joiner]) {
    await s.stop();
    removeHome(s);
  }
  rmSync(work, { recursive: true, force: true });
  rmSync(CLI_ROOT, { recursive: true, force: true });
});

function envOf(session: PrivateSession, name: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    YAKKER_KEYCHAIN_SERVICE: SERVICE,
    YAKKER_DATA_DIR: join(work, name),
    YAKKER_PAIRING_HOSTS: '127.0.0.1',
    ...session.env,
  };
}

function yakker(session: PrivateSession, name: string, args: string[]) {
  const r = spawnSync(process.execPath, [YAKKER_BIN, ...args], {
    env: envOf(session, name),
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fingerprints(session: PrivateSession, name: string): string[] {
  const r = yakker(session, name, ['--json', 'keys', 'list']);
  expect(r.status, r.stderr).toBe(0);
  const parsed = JSON.parse(r.stdout) as { identities: { fingerprint: string }[] };
  return parsed.identities.map((i) => i.fingerprint);
}

interface Child {
  out: string;
  err: string;
  exit: Promise<number | null>;
  code?: number | null;
  write: (text: string) => void;
}

function start(session: PrivateSession, name: string, args: string[]): Child {
  const child = spawn(process.execPath, [YAKKER_BIN, ...args], {
    env: envOf(session, name),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const c: Child = {
    out: '',
    err: '',
    exit: new Promise((resolve) => child.once('exit', resolve)),
    write: (text) => child.stdin.write(text),
  };
  void c.exit.then((code) => (c.code = code));
  child.stdout.on('data', (chunk: Buffer) => (c.out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (c.err += chunk.toString()));
  return c;
}

async function until<T>(
  get: () => T | undefined,
  what: string | (() => string),
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Holder offers, joiner joins; returns the code the joiner shows and both children. */
async function pairUpTo(code: (shown: string) => string) {
  const a = start(holder, 'holder', ['pair', 'offer', 'alice', '--hosts', '127.0.0.1']);
  const text = await until(() => /YAKKER-PAIR:1:[A-Z2-7]+/.exec(a.out)?.[0], 'the text');
  const b = start(joiner, 'joiner', ['--json', 'pair', 'join', text, '--name', 'Test phone']);
  const shown = await until(
    () => /Type this code on .*: (\d{3} \d{3})/.exec(b.err)?.[1],
    `the joiner's code (${b.err}${a.err})`,
  );
  await until(() => (a.err.includes('Test phone wants to link') ? true : undefined), 'prompt');
  a.write(`${code(shown)}\n`);
  const [holderExit, joinerExit] = await until(
    () => (a.code !== undefined && b.code !== undefined ? [a.code, b.code] : undefined),
    () => `both to exit (holder: ${a.out}${a.err} / joiner: ${b.out}${b.err})`,
  );
  return { a, b, holderExit, joinerExit };
}

describe('yakker pair over 127.0.0.1 between two keychains', () => {
  it('a wrong code aborts both with exit 3 and leaves no key on the joiner', async () => {
    expect(
      yakker(holder, 'holder', ['keys', 'create', '--tel', '+15550100', '--name', 'alice']).status,
    ).toBe(0);
    const { a, b, holderExit, joinerExit } = await pairUpTo((shown) =>
      shown === '000 000' ? '111111' : '000000',
    );
    expect(holderExit, a.err).toBe(3);
    expect(joinerExit, b.err).toBe(3);
    expect(JSON.parse(b.out)).toMatchObject({ error: { code: 'pairing-denied' } });
    expect(fingerprints(joiner, 'joiner')).toEqual([]);
  });

  it('the joiner ends with the same certificate in its own keychain', async () => {
    const [expected] = fingerprints(holder, 'holder');
    const { a, b, holderExit, joinerExit } = await pairUpTo((shown) => shown);
    expect(holderExit, a.err).toBe(0);
    expect(joinerExit, b.err).toBe(0);
    expect(JSON.parse(b.out)).toMatchObject({ linked: { fingerprint: expected } });
    expect(fingerprints(joiner, 'joiner')).toEqual([expected]);
    expect(a.out).toMatch(/^YAKKER-PAIR:1:\S+\nlinked: alice/);
  });

  it('refuses text that is not a pairing code with exit 1', () => {
    const r = yakker(joiner, 'joiner', ['--json', 'pair', 'join', 'not-a-code']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'pairing-invalid-code' } });
  });
});
