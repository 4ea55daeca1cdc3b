/**
 * Runs the built `yakker` CLI (bin/yakker.mjs) in a child process with a bare environment (PATH
 * only, plus `env`): what every CLI and devnet test spawns. `yakker` runs a command to its end;
 * `startYakker` keeps its stdin open for commands that ask (`pair offer` asks for the code).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The CLI to run (default bin/yakker.mjs): e.g. a private copy from `privateCli`. */
  bin?: string;
}

function spawnCli(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  options: CliOptions,
) {
  return spawn(process.execPath, [options.bin ?? 'bin/yakker.mjs', ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function yakker(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  options: CliOptions = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawnCli(args, env, options);
    child.stdin.end(); // nothing to answer: a command that reads stdin sees its end
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}

/** A CLI still running: its output so far, its exit code once it has exited, and its stdin. */
export interface LiveCli {
  out: string;
  err: string;
  /** Undefined while it runs. */
  code?: number | null;
  exit: Promise<number | null>;
  write(text: string): void;
}

export function startYakker(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  options: CliOptions = {},
): LiveCli {
  const child = spawnCli(args, env, options);
  const live: LiveCli = {
    out: '',
    err: '',
    exit: new Promise((resolve) => child.once('close', resolve)),
    write: (text) => child.stdin.write(text),
  };
  void live.exit.then((code) => (live.code = code));
  child.stdout.on('data', (chunk: Buffer) => (live.out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (live.err += chunk.toString()));
  return live;
}

/** Polls `get` every 50 ms until it gives a value; after `ms`, fails saying what it waited for. */
export async function until<T>(
  get: () => T | undefined,
  what: string | (() => string),
  ms = 30_000,
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

/**
 * A private copy of the built CLI (bin and the whole dist/main: the bundles are split into
 * chunks that load on demand) under node_modules/.cache, so that a rebuild by a parallel run
 * cannot change the bundles under a test that runs for a while.
 */
export function privateCli(name: string): { bin: string; remove(): void } {
  const root = join('node_modules', '.cache', `${name}-${process.pid}`);
  mkdirSync(join(root, 'dist', 'main'), { recursive: true });
  mkdirSync(join(root, 'bin'), { recursive: true });
  const bin = join(root, 'bin', 'yakker.mjs');
  copyFileSync('bin/yakker.mjs', bin);
  cpSync('dist/main', join(root, 'dist', 'main'), { recursive: true });
  return {
    bin,
    remove: () => {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
