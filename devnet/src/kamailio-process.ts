/**
 * Runs one Kamailio in the foreground (-DD -E), its output appended to a log file. Ready means
 * the caller's probe succeeds; a bind failure during start is a PortRaceError (retry with other
 * ports). stop() sends SIGTERM to the main PID (it stops its children), waits for it, then checks
 * /proc that no process runs with this config; a process 'exit' hook stops whatever is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';

export class PortRaceError extends Error {}

export interface KamailioProcess {
  pid: number;
  /** Resolves when the main process has exited (with its code, or null after a signal). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface KamailioStartOptions {
  configPath: string;
  runDir: string;
  logPath: string;
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
  sharedMemoryMb?: number;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGTERM');
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** True if `promise` settles within `ms`; the timer is cleared, so it never holds Node open. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => {
    timer = setTimeout(() => {
      r(false);
    }, ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** PIDs of every process whose command line names this config file (main and children). */
export async function kamailioPids(configPath: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      if (argv[0]?.endsWith('kamailio') && argv.includes(configPath)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

async function logTail(logPath: string): Promise<string> {
  try {
    const lines = (await readFile(logPath, 'utf8')).trimEnd().split('\n');
    return lines.slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startKamailio(options: KamailioStartOptions): Promise<KamailioProcess> {
  installExitHook();
  const logFd = openSync(options.logPath, 'a', 0o600);
  const args = ['-DD', '-E', '-f', options.configPath, '-Y', options.runDir];
  args.push('-m', String(options.sharedMemoryMb ?? 32), '-M', '8');
  let child: ChildProcess;
  try {
    child = spawn('kamailio', args, { stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  const spawnError = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => {
      resolve(undefined);
    });
    child.once('error', (err) => {
      resolve(err);
    });
  });
  if (spawnError) {
    running.delete(child);
    const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'kamailio is missing: apt-get install -y kamailio kamailio-tls-modules kamailio-websocket-modules kamailio-sqlite-modules'
        : `kamailio did not start: ${spawnError.message}`,
    );
  }
  const pid = child.pid ?? -1;

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const done = await settlesWithin(exited, 5000);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    for (let i = 0; i < 30; i++) {
      const left = await kamailioPids(options.configPath);
      if (left.length === 0) return;
      if (i === 20) for (const p of left) process.kill(p, 'SIGKILL');
      await sleep(100);
    }
    throw new Error(`kamailio processes still running for ${options.configPath}`);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = await logTail(options.logPath);
      if (/Address already in use|bind\(.*\) failed|could not bind/i.test(tail)) {
        throw new PortRaceError(`kamailio could not bind a port:\n${tail}`);
      }
      throw new Error(`kamailio exited during start (code ${child.exitCode}):\n${tail}`);
    }
    if (await options.ready().catch(() => false)) return { pid, exited, stop };
    await sleep(50);
  }
  await stop();
  throw new Error(
    `kamailio did not answer within the start timeout:\n${await logTail(options.logPath)}`,
  );
}
