/**
 * `yakker pair offer` and `yakker pair join` as two child processes, each with its own real
 * gnome-keyring on a private D-Bus session, over 127.0.0.1 only: the joiner ends with the
 * holder's certificate (same fingerprint) in its own keychain; a wrong code aborts both sides
 * with exit 3 and leaves no key on the joiner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  removeHome,
  requireKeyringTools,
  startPrivateSession,
  type PrivateSession,
} from '../support/private-keyring';
import { privateCli, startYakker, until, yakker as runYakker } from '../support/yakker-cli';

const SERVICE = `yakker-pair-test-${process.pid}`;

let cli: ReturnType<typeof privateCli>;
let holder: PrivateSession;
let joiner: PrivateSession;
let work: string;

beforeAll(async () => {
  requireKeyringTools();
  cli = privateCli('yakker-pair-test');
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
  cli.remove();
});

function envOf(session: PrivateSession, name: string) {
  return {
    YAKKER_KEYCHAIN_SERVICE: SERVICE,
    YAKKER_DATA_DIR: join(work, name),
    YAKKER_PAIRING_HOSTS: '127.0.0.1',
    ...session.env,
  };
}

function yakker(session: PrivateSession, name: string, args: string[]) {
  return runYakker(args, envOf(session, name), { bin: cli.bin });
}

async function fingerprints(session: PrivateSession, name: string): Promise<string[]> {
  const r = await yakker(session, name, ['--json', 'keys', 'list']);
  expect(r.status, r.stderr).toBe(0);
  const parsed = JSON.parse(r.stdout) as { identities: { fingerprint: string }[] };
  return parsed.identities.map((i) => i.fingerprint);
}

function start(session: PrivateSession, name: string, args: string[]) {
  return startYakker(args, envOf(session, name), { bin: cli.bin });
}

/** Holder offers, joiner joins; returns the code the joiner shows and both children. */
async function pairUpTo(code: (shown: string) => string) {
  const a = start(holder, 'holder', ['pair', 'offer', 'alice', '--hosts', '127.0.0.1']);
  const text = await until(() => /YAKKER-PAIR:1:[A-Z2-7]+/.exec(a.out)?.[0], 'the text', 20_000);
  const b = start(joiner, 'joiner', ['--json', 'pair', 'join', text, '--name', 'Test phone']);
  const shown = await until(
    () => /Type this code on .*: (\d{3} \d{3})/.exec(b.err)?.[1],
    `the joiner's code (${b.err}${a.err})`,
    20_000,
  );
  await until(
    () => (a.err.includes('Test phone wants to link') ? true : undefined),
    'prompt',
    20_000,
  );
  a.write(`${code(shown)}\n`);
  const [holderExit, joinerExit] = await until(
    () => (a.code !== undefined && b.code !== undefined ? [a.code, b.code] : undefined),
    () => `both to exit (holder: ${a.out}${a.err} / joiner: ${b.out}${b.err})`,
    20_000,
  );
  return { a, b, holderExit, joinerExit };
}

describe('yakker pair over 127.0.0.1 between two keychains', () => {
  it('a wrong code aborts both with exit 3 and leaves no key on the joiner', async () => {
    expect(
      (await yakker(holder, 'holder', ['keys', 'create', '--tel', '+15550100', '--name', 'alice']))
        .status,
    ).toBe(0);
    const { a, b, holderExit, joinerExit } = await pairUpTo((shown) =>
      shown === '000 000' ? '111111' : '000000',
    );
    expect(holderExit, a.err).toBe(3);
    expect(joinerExit, b.err).toBe(3);
    expect(JSON.parse(b.out)).toMatchObject({ error: { code: 'pairing-denied' } });
    expect(await fingerprints(joiner, 'joiner')).toEqual([]);
  });

  it('the joiner ends with the same certificate in its own keychain', async () => {
    const [expected] = await fingerprints(holder, 'holder');
    const { a, b, holderExit, joinerExit } = await pairUpTo((shown) => shown);
    expect(holderExit, a.err).toBe(0);
    expect(joinerExit, b.err).toBe(0);
    expect(JSON.parse(b.out)).toMatchObject({ linked: { fingerprint: expected } });
    expect(await fingerprints(joiner, 'joiner')).toEqual([expected]);
    expect(a.out).toMatch(/^YAKKER-PAIR:1:\S+\nlinked: alice/);
  });

  it('refuses text that is not a pairing code with exit 1', async () => {
    const r = await yakker(joiner, 'joiner', ['--json', 'pair', 'join', 'not-a-code']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'pairing-invalid-code' } });
  });
});
