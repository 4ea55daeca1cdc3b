/**
 * A devnet helper daemon (rtpengine, baresip) as a child process: output appended to a log file,
 * ready when the caller's probe succeeds, stopped by PID (SIGTERM, SIGKILL after a grace period).
 * A process 'exit' hook stops whatever is still running if Node exits first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface DaemonProcess {
  pid: number;
  exited: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Safe twice. */
  stop(): Promise<void>;
}

export interface DaemonOptions {
  /** Shown in errors, e.g. "rtpengine". */
  label: string;
  command: string;
  args: readonly string[];
  logPath: string;
  /** Debian package to name when the command is missing. */
  aptPackage: string;
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL (baresip waits to unregister; default 3000). */
  graceMs?: number;
}

export class DaemonStartError extends Error {
  constructor(
    message: string,
    readonly logTail: string,
  ) {
    super(message);
  }
}

const running = new Set<ChildProcess>();
let hook = false;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function tail(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startDaemon(options: DaemonOptions): Promise<DaemonProcess> {
  if (!hook) {
    hook = true;
    process.once('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  const fd = openSync(options.logPath, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(options.command, [...options.args], { stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  const spawnError = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => {
      resolve(undefined);
    });
    child.once('error', resolve);
  });
  if (spawnError) {
    running.delete(child);
    const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? `${options.command} is missing: apt-get install -y ${options.aptPackage}`
        : `${options.label} did not start: ${spawnError.message}`,
    );
  }
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (gone()) return;
      child.kill('SIGTERM');
      const timer = new Promise<boolean>((r) =>
        setTimeout(() => {
          r(false);
        }, options.graceMs ?? 3000),
      );
      const done = await Promise.race([exited.then(() => true), timer]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    })());

  const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
  while (Date.now() < deadline) {
    if (gone()) {
      const log = await tail(options.logPath);
      throw new DaemonStartError(`${options.label} exited during start:\n${log}`, log);
    }
    if (await options.ready().catch(() => false)) return { pid: child.pid ?? -1, exited, stop };
    await sleep(50);
  }
  await stop();
  throw new DaemonStartError(
    `${options.label} was not ready in time:\n${await tail(options.logPath)}`,
    await tail(options.logPath),
  );
}
