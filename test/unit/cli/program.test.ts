import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/program';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(Buffer.alloc(0)),
    env: { YAKKER_DATA_DIR: '/tmp/yakker-cli-test' },
  });
  return { code, stdout, stderr };
}

describe('yakker CLI conventions', () => {
  it('--help lists the commands and exits 0', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: yakker/);
    expect(stdout).toMatch(/--json/);
    expect(stdout).toMatch(/\binfo\b/);
  });

  it('--version prints the version and exits 0', async () => {
    const { code, stdout } = await run('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--json makes a command print one JSON document', async () => {
    const { code, stdout } = await run('info', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      dataDir: '/tmp/yakker-cli-test',
      platform: `${process.platform}-${process.arch}`,
    });
  });

  it('prints a table for people without --json', async () => {
    const { stdout } = await run('info');
    expect(stdout).toMatch(/^version\s+\S+/m);
  });

  it('exits 1 with a hint on an unknown command or option', async () => {
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command/);
    expect((await run('info', '--nope')).code).toBe(1);
  });
});
