/**
 * A whole devnet for a test file, through the real CLI (`yakker devnet up|seed|down` in a
 * temporary state folder, as a user would run it): the profile (devnet.json) and the seeded
 * demo accounts. `down` stops every process by PID and removes the folder.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevnetProfile, SeededAccount } from '../../devnet/src/index';
import { yakker } from './yakker-cli';

export interface TestDevnet {
  stateDir: string;
  profileFile: string;
  profile: DevnetProfile;
  accounts: SeededAccount[];
  account(user: 'alice' | 'bob'): SeededAccount;
  down(): Promise<void>;
}

/** `seed: false` skips the demo accounts (tests that need only DNS and the directory service). */
export async function startTestDevnet(
  prefix = 'yakker-devnet-',
  {
    seed: seeded = true,
    restart = true,
  }: {
    seed?: boolean;
    /** false: a Knot or Kamailio that dies stays down (the test stages the outage itself). */
    restart?: boolean;
  } = {},
): Promise<TestDevnet> {
  const stateDir = mkdtempSync(join(tmpdir(), prefix));
  const down = async (): Promise<void> => {
    await yakker(['devnet', 'down', '--state', stateDir]);
    if (!process.env['YAKKER_DEVNET_KEEP']) rmSync(stateDir, { recursive: true, force: true });
  };
  const up = await yakker([
    '--json',
    'devnet',
    'up',
    '--state',
    stateDir,
    ...(restart ? [] : ['--no-restart']),
  ]);
  if (up.status !== 0) {
    await down();
    throw new Error(`devnet up failed: ${up.stderr}${up.stdout}`);
  }
  let accounts: SeededAccount[] = [];
  if (seeded) {
    const seed = await yakker(['--json', 'devnet', 'seed', '--state', stateDir]);
    if (seed.status !== 0) {
      await down();
      throw new Error(`devnet seed failed: ${seed.stderr}${seed.stdout}`);
    }
    accounts = (JSON.parse(seed.stdout) as { accounts: SeededAccount[] }).accounts;
  }
  const profileFile = join(stateDir, 'devnet.json');
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as DevnetProfile;
  return {
    stateDir,
    profileFile,
    profile,
    accounts,
    account: (user) => {
      const found = accounts.find((a) => a.user === user);
      if (found === undefined) throw new Error(`devnet seed made no ${user}`);
      return found;
    },
    down,
  };
}
