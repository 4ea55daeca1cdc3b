/**
 * `yakker pair offer --relay-only` and `yakker pair join --relay-only` as two child processes on
 * a real devnet (YAKKER_NETWORK_PROFILE = its devnet.json): the code carries only the relay
 * mailbox of the devnet's directory service, and the joiner ends with the holder's certificate
 * in its own keychain (real gnome-keyring on a private D-Bus, one keychain service per device).
 */
import { mkdtempSync, rmSync } from 'node:fs';
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
import { privateCli, startYakker, until, yakker } from '../support/yakker-cli';

let cli: ReturnType<typeof privateCli>;
let devnet: DirectoryDevnet;
let keyring: PrivateSession;
let work: string;

beforeAll(async () => {
  requireKeyringTools();
  cli = privateCli('yakker-pair-relay');
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
  cli.remove();
}, 60_000);

function envOf(name: string) {
  return {
    YAKKER_KEYCHAIN_SERVICE: `yakker-pair-relay-${process.pid}-${name}`,
    YAKKER_DATA_DIR: join(work, name),
    YAKKER_PAIRING_HOSTS: '127.0.0.1',
    YAKKER_NETWORK_PROFILE: join(devnet.stateDir, 'devnet.json'),
    ...keyring.env,
  };
}

async function fingerprints(name: string): Promise<string[]> {
  const r = await yakker(['--json', 'keys', 'list'], envOf(name), { bin: cli.bin });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { identities: { fingerprint: string }[] }).identities.map(
    (i) => i.fingerprint,
  );
}

function start(name: string, args: string[]) {
  return startYakker(args, envOf(name), { bin: cli.bin });
}

describe('yakker pair through the devnet relay', () => {
  it('--relay-only on both sides: the joiner ends with the same certificate', async () => {
    const created = await yakker(
      ['keys', 'create', '--tel', '+15550100', '--name', 'alice'],
      envOf('holder'),
      { bin: cli.bin },
    );
    expect(created.status, created.stderr).toBe(0);
    const [expected] = await fingerprints('holder');
    const a = start('holder', ['pair', 'offer', 'alice', '--relay-only']);
    const text = await until(
      () => /YAKKER-PAIR:1:[A-Z2-7]+/.exec(a.out)?.[0],
      () => `the text (${a.err})`,
      60_000,
    );
    const { code } = parsePairingText(text);
    expect(code.rendezvous).toEqual([
      expect.objectContaining({ kind: 'relay', url: `${devnet.profile.directoryUrl}/v1/relay` }),
    ]);
    const b = start('joiner', ['--json', 'pair', 'join', text, '--relay-only', '--name', 'Phone']);
    const shown = await until(
      () => /Type this code on .*: (\d{3} \d{3})/.exec(b.err)?.[1],
      () => `the joiner's code (${b.err}${a.err})`,
      60_000,
    );
    await until(
      () => (a.err.includes('Phone wants to link') ? true : undefined),
      () => `the prompt (${a.err})`,
      60_000,
    );
    a.write(`${shown}\n`);
    await until(
      () => (a.code !== undefined && b.code !== undefined ? true : undefined),
      () => `both to exit (holder: ${a.out}${a.err} / joiner: ${b.out}${b.err})`,
      60_000,
    );
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    expect(JSON.parse(b.out)).toMatchObject({ linked: { fingerprint: expected } });
    expect(await fingerprints('joiner')).toEqual([expected]);
  });
});
