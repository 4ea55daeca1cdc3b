import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltZones } from './build-zones';
import { freeDnsPort } from './dns-port';
import { requireTools, which } from './tools';

export interface RunningNsd {
  host: '127.0.0.1';
  port: number;
  /** `127.0.0.1:PORT`, for --server. */
  server: string;
  pid: number;
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 for both TCP and UDP (NSD binds both). */
export function freePort(): Promise<number> {
  return freeDnsPort();
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

/**
 * Serves every zone of the hierarchy (or of any buildZones() set) with one NSD on 127.0.0.1
 * (only), on a free port unless `options.port` says which, in the foreground (`nsd -d`), from
 * its `dir` (where NSD writes its own files; zone files are relative to it or absolute).
 * Resolves once NSD answers a query.
 */
export async function serveNsd(
  hierarchy: Pick<BuiltZones, 'dir' | 'zones'>,
  options: { port?: number } = {},
): Promise<RunningNsd> {
  requireTools('nsd');
  const port = options.port ?? (await freePort());
  const dir = hierarchy.dir;
  const conf = [
    'server:',
    `  ip-address: 127.0.0.1@${port}`,
    `  port: ${port}`,
    '  username: ""',
    '  chroot: ""',
    '  database: ""',
    `  zonesdir: "${dir}"`,
    `  pidfile: "${join(dir, 'nsd.pid')}"`,
    `  xfrdfile: "${join(dir, 'xfrd.state')}"`,
    `  zonelistfile: "${join(dir, 'zone.list')}"`,
    `  xfrdir: "${dir}"`,
    `  logfile: "${join(dir, 'nsd.log')}"`,
    '  server-count: 1',
    '  verbosity: 1',
    'remote-control:',
    '  control-enable: no',
    ...hierarchy.zones.flatMap((z) => [
      'zone:',
      `  name: "${z.spec.origin}"`,
      `  zonefile: "${z.file}"`,
    ]),
  ];
  const confFile = join(dir, 'nsd.conf');
  writeFileSync(confFile, `${conf.join('\n')}\n`);
  const child = spawn(which('nsd') ?? 'nsd', ['-d', '-c', confFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  running.add(child);
  stopAllOnExit();
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3000)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    running.delete(child);
  };
  const deadline = Date.now() + 10_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`nsd did not start on 127.0.0.1:${port}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (child.pid === undefined) throw new Error('nsd has no pid');
  return { host: '127.0.0.1', port, server: `127.0.0.1:${port}`, pid: child.pid, stop };
}

/** Sends a SOA query for the root and waits briefly for any answer. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const query = Buffer.from([0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1]);
    const timer = setTimeout(() => {
      socket.close();
      resolve(false);
    }, 200);
    socket.once('message', () => {
      clearTimeout(timer);
      socket.close();
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      socket.close();
      resolve(false);
    });
    socket.send(query, port, '127.0.0.1');
  });
}
