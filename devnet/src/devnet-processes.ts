/**
 * The devnet's processes as PID files in `<state>/run/` (supervisor, knot, provider-a, …), so
 * `down` and `status` work from any process, also when the Node process that started them is
 * gone. A PID counts as ours only while /proc/PID/cmdline still names the state folder (a
 * reused PID is never signalled).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DevnetProcess {
  name: string;
  pid: number;
  pidFile: string;
  running: boolean;
}

function cmdline(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

const namesDir = (argv: readonly string[], dir: string): boolean =>
  argv.some((a) => a === dir || a.includes(`${dir}/`));

const isSupervisor = (argv: readonly string[]): boolean =>
  argv.includes('devnet') && argv.includes('up') && argv.includes('--foreground');

/**
 * True while `pid` runs and is ours, not a reused PID: its command line names `stateDir`, or for
 * the supervisor, is a `devnet up` (`npm run devnet` uses the default folder, not on its command
 * line).
 */
export function isDevnetProcess(pid: number, stateDir: string, name = ''): boolean {
  const argv = cmdline(pid);
  if (argv === null || isZombie(pid)) return false;
  return namesDir(argv, stateDir) || (name === 'supervisor' && isSupervisor(argv));
}

export function writePidFile(runDir: string, name: string, pid: number): string {
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const file = join(runDir, `${name}.pid`);
  writeFileSync(file, `${pid}\n`);
  return file;
}

export function removePidFile(runDir: string, name: string): void {
  rmSync(join(runDir, `${name}.pid`), { force: true });
}

/** Every PID file in `runDir`, with whether its process still runs. */
export function readPidFiles(runDir: string, stateDir: string): DevnetProcess[] {
  let files: string[];
  try {
    files = readdirSync(runDir).filter((f) => f.endsWith('.pid'));
  } catch {
    return [];
  }
  return files.sort().flatMap((f) => {
    const pidFile = join(runDir, f);
    let text: string;
    try {
      text = readFileSync(pidFile, 'utf8');
    } catch {
      return []; // removed meanwhile by a stopping supervisor
    }
    const pid = Number(text.trim());
    if (!Number.isInteger(pid) || pid <= 0) return [];
    const name = f.slice(0, -4);
    return [{ name, pid, pidFile, running: isDevnetProcess(pid, stateDir, name) }];
  });
}

/**
 * Every process (other than this one) that belongs to the devnet in `stateDir`: Knot (or NSD) and Kamailio
 * (and their children) started with files there, and a devnet supervisor for it.
 */
export function strayDevnetPids(stateDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry) || Number(entry) === process.pid) continue;
    const argv = cmdline(Number(entry));
    if (argv === null || !namesDir(argv, stateDir)) continue;
    const exe = (argv[0] ?? '').split('/').pop() ?? '';
    const daemon = ['knotd', 'nsd', 'kamailio', 'rtpengine', 'baresip'].includes(exe);
    if ((daemon || isSupervisor(argv)) && !isZombie(Number(entry))) pids.push(Number(entry));
  }
  return pids;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends `signal` to `pid`; false if it is gone already. */
export function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
