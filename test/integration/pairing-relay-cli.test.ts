/**
 * `yakker pair offer --relay-only` and `yakker pair join --relay-only` as two child processes on
 * a real devnet (YAKKER_NETWORK_PROFILE = its devnet.json): the code carries only the relay
 * mailbox of the devnet's directory service, and the joiner ends with the holder's certificate
 * in its own keychain (real gnome-keyring on a private D-Bus, one keychain service per device).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePairingText } from '../../shared/pairing/pairing-code';
import { startDirectoryDevnet, type DirectoryDevnet } from '../support/devnet-directory';
import {
  removeHome,
  requireKeyringTools,
  startPrivateSession,
  type PrivateSession,
} from '../support/private-keyring';

const CLI_ROOT = join('node_modules', '.cache', `yakker-pair-relay-${process.pid}`);
const YAKKER_BIN = join(CLI_ROOT, 'bin', 'yakker.mjs');

let devnet: DirectoryDevnet;
let keyring: PrivateSession;
let work: string;

beforeAll(async () => {
  requireKeyringTools();
  mkdirSync(join(CLI_ROOT, 'dist', 'main'), { recursive: true });
  mkdirSync(join(CLI_ROOT, 'bin'), { recursive: true });
  copyFileSync('bin/yakker.mjs', YAKKER_BIN);
  cpSync('dist/main', join(CLI_ROOT, 'dist', 'main'), { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'yakker-pair-relay-'));
  [devnet, keyring] = await Promise.all([
    startDirectoryDevnet('pair-relay-cli'),
    startPrivateSession('unlocked'),
  ]);
}, 180_000);

afterAll(async () => {
  await keyring?.stop();
  if (keyring) removeHome(keyring);
  await devnet?.stop();
  rmSync(work, { recursive: true, force: true });
  rmSync(CLI_ROOT, { recursive: true, force: true });
}, 60_000);

function envOf(name: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    YAKKER_KEYCHAIN_SERVICE: `yakker-pair-relay-${process.pid}-${name}`,
    YAKKER_DATA_DIR: join(work, name),
    YAKKER_PAIRING_HOSTS: '127.0.0.1',
    YAKKER_NETWORK_PROFILE: join(devnet.stateDir, 'devnet.json'),
    ...keyring.env,
  };
}

function fingerprints(name: string): string[] {
  const r = spawnSync(process.execPath, [YAKKER_BIN, '--json', 'keys', 'list'], {
    env: envOf(name),
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { identities: { fingerprint: string }[] }).identities.map(
    (i) => i.fingerprint,
  );
}

interface Child {
  out: string;
  err: string;
  code?: number | null;
  write: (text: string) => void;
}

function start(name: string, args: string[]): Child {
  const child = spawn(process.execPath, [YAKKER_BIN, ...args], {
    env: envOf(name),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const c: Child = { out: '', err: '', write: (text) => child.stdin.write(text) };
  child.once('exit', (code) => (c.code = code));
  child.stdout.on('data', (chunk: Buffer) => (c.out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (c.err += chunk.toString()));
  return c;
}

async function until<T>(get: () => T | undefined, what: () => string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('yakker pair through the devnet relay', () => {
  it('--relay-only on both sides: the joiner ends with the same certificate', async () => {
    const created = spawnSync(
      process.execPath,
      [YAKKER_BIN, 'keys', 'create', '--tel', '+15550100', '--name', 'alice'],
      { env: envOf('holder'), encoding: 'utf8' },
    );
    expect(created.status, created.stderr).toBe(0);
    const [expected] = fingerprints('holder');
    const a = start('holder', ['pair', 'offer', 'alice', '--relay-only']);
    const text = await until(
      () => /YAKKER-PAIR:1:[A-Z2-7]+/.exec(a.out)?.[0],
      () => `the text (${a.err})`,
    );
    const { code } = parsePairingText(text);
    expect(code.rendezvous).toEqual([
      expect.objectContaining({ kind: 'relay', url: `${devnet.profile.directoryUrl}/v1/relay` }),
    ]);
    const b = start('joiner', ['--json', 'pair', 'join', text, '--relay-only', '--name', 'Phone']);
    const shown = await until(
      () => /Type this code on .*: (\d{3} \d{3})/.exec(b.err)?.[1],
      () => `the joiner's code (${b.err}${a.err})`,
    );
    await until(
      () => (a.err.includes('Phone wants to link') ? true : undefined),
      () => `the prompt (${a.err})`,
    );
    a.write(`${shown}\n`);
    await until(
      () => (a.code !== undefined && b.code !== undefined ? true : undefined),
      () => `both to exit (holder: ${a.out}${a.err} / joiner: ${b.out}${b.err})`,
    );
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    expect(JSON.parse(b.out)).toMatchObject({ linked: { fingerprint: expected } });
    expect(fingerprints('joiner')).toEqual([expected]);
  });
});
