/**
 * Runs one Knot DNS server (`knotd -c <dir>/knot.conf`, in the foreground, as a child of this
 * process) on 127.0.0.1 (and ::1 with `setup.ipv6`) only, on a free port. Ready once every zone answers its SOA. A port taken
 * by someone else between choosing and binding makes knotd exit: we choose another and retry.
 * stop() sends SIGTERM, then SIGKILL after 5 s; a process 'exit' hook stops it too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { knotConfig, knotConfigFile, knotLogFile, type KnotSetup } from './knot-config';
import { freeDnsPort } from './dns-port';
import { soaSerial } from './soa-serial';
import { requireTools, which } from './tools';

export interface RunningKnot {
  host: '127.0.0.1';
  port: number;
  /** `127.0.0.1:PORT`, for --server. */
  server: string;
  /** `[::1]:PORT` when Knot listens on ::1 too (setup.ipv6), else null. */
  ipv6Server: string | null;
  pid: number;
  configFile: string;
  logFile: string;
  /** Resolves when knotd has exited (stopped, or died). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let hooked = false;
function stopAllOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGTERM');
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Writes knot.conf for `port` (keymgr reads it too: call before generating keys). */
export function writeKnotConfig(setup: KnotSetup, port: number): string {
  mkdirSync(join(setup.dir, 'run'), { recursive: true, mode: 0o700 });
  mkdirSync(join(setup.dir, 'db'), { recursive: true, mode: 0o700 });
  const file = knotConfigFile(setup.dir);
  writeFileSync(file, `${knotConfig(setup, port)}\n`, { mode: 0o600 });
  return file;
}

/**
 * Starts knotd for `setup` (zone files and online-signing keys must exist). `port` is tried first
 * when given (the one the config was written with); after a bind failure, fresh ports (4 tries in
 * all; `samePort` makes a taken port an error instead, e.g. for a restart that must keep it).
 */
export async function serveKnot(
  setup: KnotSetup,
  options: { port?: number; readyTimeoutMs?: number; samePort?: boolean } = {},
): Promise<RunningKnot> {
  requireTools('knotd');
  let lastError: Error | undefined;
  const attempts = options.samePort === true && options.port !== undefined ? 1 : 4;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port =
      attempt === 0 && options.port !== undefined
        ? options.port
        : await freeDnsPort({ ipv6: setup.ipv6 === true });
    try {
      return await startOnce(setup, port, options.readyTimeoutMs ?? 10_000);
    } catch (error) {
      lastError = error as Error;
      if (!(error instanceof PortTakenError)) throw error;
    }
  }
  throw lastError ?? new Error('knotd did not start');
}

class PortTakenError extends Error {}

/** What knotd logged to its file since `from` (bytes): its errors go there, not to stderr. */
function logSince(file: string, from: number): string {
  try {
    return readFileSync(file).subarray(from).toString('utf8');
  } catch {
    return '';
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function startOnce(setup: KnotSetup, port: number, timeoutMs: number): Promise<RunningKnot> {
  const configFile = writeKnotConfig(setup, port);
  const logFile = knotLogFile(setup.dir);
  const logStart = sizeOf(logFile);
  const child = spawn(which('knotd') ?? 'knotd', ['-c', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Knot logs to its file; keep only the tail of anything it prints (for the start error).
  const keep = (d: Buffer): void => {
    output = (output + d.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  running.add(child);
  stopAllOnExit();
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const stop = async (): Promise<void> => {
    if (!gone()) child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    if (!gone()) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await allZonesAnswer(port, setup)) break;
    if (gone() || Date.now() > deadline) {
      await stop();
      const said = `${output}${logSince(logFile, logStart)}`.trim().slice(-2000);
      const why = `knotd did not start on 127.0.0.1:${port}: ${said}`;
      if (/cannot bind|address already in use/i.test(said)) throw new PortTakenError(why);
      throw new Error(`${why} (log: ${logFile})`);
    }
    await sleep(50);
  }
  if (child.pid === undefined) throw new Error('knotd has no pid');
  return {
    host: '127.0.0.1',
    port,
    server: `127.0.0.1:${port}`,
    ipv6Server: setup.ipv6 === true ? `[::1]:${port}` : null,
    pid: child.pid,
    configFile,
    logFile,
    exited,
    stop,
  };
}

async function allZonesAnswer(port: number, setup: KnotSetup): Promise<boolean> {
  const hosts = setup.ipv6 === true ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
  for (const host of hosts)
    for (const zone of setup.zones)
      if ((await soaSerial(host, port, zone.origin, 200)) === null) return false;
  return true;
}
