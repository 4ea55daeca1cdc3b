/**
 * Test support for the resolver's own integration tests: signs small zones with BIND's
 * dnssec-keygen/dnssec-signzone and serves them with NSD on 127.0.0.1 (free port, temp dir).
 * Missing tools make the caller fail, never skip. Servers die in stop() and on process exit.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function requireTool(tool: string, pkg: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
  } catch {
    throw new Error(
      `${tool} is missing: install the Debian package ${pkg} (listed in .ci/apt-packages.txt)`,
    );
  }
}

export function makeTempDir(prefix = 'yakker-nsd-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A port free for both UDP and TCP on 127.0.0.1. */
export async function freeLoopbackPort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        const p = typeof addr === 'object' && addr ? addr.port : 0;
        srv.close(() => {
          resolve(p);
        });
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => {
        resolve(false);
      });
      s.bind(port, '127.0.0.1', () =>
        s.close(() => {
          resolve(true);
        }),
      );
    });
    if (udpFree) return port;
  }
  throw new Error('no free loopback port');
}

export interface SignedZone {
  origin: string; // with trailing dot
  signedFile: string;
  dssetFile: string;
}

/** Generates a KSK and ZSK and signs `zoneText` (NSEC, or NSEC3 when `nsec3` is set). */
export function signZone(
  dir: string,
  origin: string,
  zoneText: string,
  opts: { algorithm?: string; nsec3?: { salt: string; iterations: number; optOut?: boolean } } = {},
): SignedZone {
  requireTool('dnssec-signzone', 'bind9-utils');
  const alg = opts.algorithm ?? 'ECDSAP256SHA256';
  const file = join(dir, `${origin}zone`);
  writeFileSync(file, zoneText);
  const keygen = (ksk: boolean): string =>
    execFileSync(
      'dnssec-keygen',
      ['-q', '-K', dir, '-a', alg, ...(ksk ? ['-f', 'KSK'] : []), '-n', 'ZONE', origin],
      { encoding: 'utf8' },
    ).trim();
  keygen(true);
  keygen(false);
  const n3 = opts.nsec3
    ? [
        '-3',
        opts.nsec3.salt,
        '-H',
        String(opts.nsec3.iterations),
        ...(opts.nsec3.optOut ? ['-A'] : []),
      ]
    : [];
  execFileSync(
    'dnssec-signzone',
    ['-q', '-S', '-K', dir, '-d', dir, '-o', origin, '-f', `${file}.signed`, ...n3, file],
    { cwd: dir, stdio: 'pipe' },
  );
  return { origin, signedFile: `${file}.signed`, dssetFile: join(dir, `dsset-${origin}`) };
}

export interface NsdServer {
  port: number;
  stop(): void;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

async function answers(port: number, zone: string): Promise<boolean> {
  const { encodeQuery } = await import('../../main/resolver/wire/query');
  const { textToName } = await import('../../main/resolver/wire/name');
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const t = setTimeout(() => {
      s.close();
      resolve(false);
    }, 300);
    s.on('message', () => {
      clearTimeout(t);
      s.close();
      resolve(true);
    });
    s.send(encodeQuery(4242, textToName(zone), 6), port, '127.0.0.1');
  });
}

/** Starts NSD in the foreground on 127.0.0.1:port serving the given zone files. */
export async function startNsd(
  dir: string,
  zones: readonly { origin: string; file: string }[],
): Promise<NsdServer> {
  requireTool('nsd', 'nsd');
  const port = await freeLoopbackPort();
  const conf = join(dir, 'nsd.conf');
  const zoneBlocks = zones
    .map((z) => `zone:\n  name: "${z.origin}"\n  zonefile: "${z.file}"\n`)
    .join('');
  writeFileSync(
    conf,
    `server:\n  ip-address: 127.0.0.1@${port}\n  port: ${port}\n  username: ""\n  chroot: ""\n  zonesdir: "${dir}"\n  database: ""\n  zonelistfile: "${join(dir, 'zone.list')}"\n  xfrdfile: "${join(dir, 'xfrd.state')}"\n  pidfile: "${join(dir, 'nsd.pid')}"\n  logfile: "${join(dir, 'nsd.log')}"\n  verbosity: 1\n  server-count: 1\n  tcp-count: 16\nremote-control:\n  control-enable: no\n${zoneBlocks}`,
  );
  const child = spawn('nsd', ['-d', '-c', conf], { stdio: 'ignore' });
  running.add(child);
  const stop = (): void => {
    child.kill('SIGKILL');
    running.delete(child);
  };
  const first = zones[0]?.origin ?? '.';
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) break;
    if (await answers(port, first)) return { port, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`NSD did not start on 127.0.0.1:${port} (see ${join(dir, 'nsd.log')})`);
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function listDir(dir: string): string[] {
  return readdirSync(dir);
}
