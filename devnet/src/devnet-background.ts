/**
 * `yakker devnet up` without --foreground: starts the supervisor (the same command with
 * --foreground) detached, its output in `<state>/devnet.log`, and waits until devnet.json says
 * the network is up (or the supervisor fails, with the log's tail in the error).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { devnetPaths } from './devnet-paths';
import { sleep } from './devnet-processes';
import { devnetDown, devnetStatus, type DevnetStatus } from './devnet';

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startDevnetInBackground(options: {
  stateDir: string;
  /** The supervisor's command line, e.g. [node, bin/yakker.mjs, devnet, up, --foreground, --state, DIR]. */
  command: readonly string[];
  timeoutMs?: number;
}): Promise<DevnetStatus> {
  const paths = devnetPaths(options.stateDir);
  if (devnetStatus(options).state !== 'stopped')
    throw new Error(`a devnet already runs in ${paths.stateDir}: yakker devnet down first`);
  mkdirSync(paths.stateDir, { recursive: true, mode: 0o700 });
  const [file, ...args] = options.command;
  if (file === undefined) throw new Error('no supervisor command');
  const log = openSync(paths.log, 'a', 0o600);
  let exited: number | null | undefined;
  try {
    const child = spawn(file, args, { detached: true, stdio: ['ignore', log, log] });
    child.once('exit', (code) => {
      exited = code;
    });
    child.unref();
  } finally {
    closeSync(log);
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    const status = devnetStatus(options);
    if (status.state === 'running' && status.profile !== null) return status;
    if (exited !== undefined)
      throw new Error(`the devnet did not start (exit ${exited}):\n${logTail(paths.log)}`);
    await sleep(100);
  }
  const tail = logTail(paths.log);
  await devnetDown(options);
  throw new Error(`the devnet did not start within the timeout (stopped it):\n${tail}`);
}
