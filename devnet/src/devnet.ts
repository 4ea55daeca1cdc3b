/**
 * The devnet as one thing: `devnetUp` starts providers A and B (Kamailio, peered) and Knot DNS
 * serving the signed zones (the directory zone signed online, updatable), in this process, and writes devnet.json and a PID file per process;
 * `devnetDown` stops them by PID from any process; `devnetStatus` says what runs. See
 * docs/devnet.md.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDevnetCa } from './devnet-ca';
import { devnetPaths, type DevnetPaths } from './devnet-paths';
import {
  readPidFiles,
  removePidFile,
  signal,
  sleep,
  strayDevnetPids,
  writePidFile,
  type DevnetProcess,
} from './devnet-processes';
import { readProfile, writeProfile, type DevnetProfile } from './devnet-profile';
import { startDevnetDns } from './dns/devnet-dns';
import { DIRECTORY_SUFFIX } from './dns/devnet-zones';
import type { RunningKnot } from './dns/serve-knot';
import { readDirectoryRecords } from './directory-records';
import { ensureAuthority, type DevnetAuthority } from './directory/authority';
import { startDirectoryService, type RunningDirectory } from './directory/directory-service';
import { devnetPublisher } from './directory/publish-records';
import { silentDevnetLogger, type DevnetLogger } from './logger';
import { startProvider, type RunningProvider } from './provider';

export const DEVNET_PROVIDERS = [
  { name: 'a', domain: 'a.provider.test' },
  { name: 'b', domain: 'b.provider.test' },
] as const;

export interface RunningDevnet {
  profile: DevnetProfile;
  /** Stops every process, removes the PID files and devnet.json. Safe to call twice. */
  stop(): Promise<void>;
}

export interface DevnetStatus {
  /** running: every process runs; stopped: none does; degraded: some do. */
  state: 'running' | 'stopped' | 'degraded';
  processes: DevnetProcess[];
  profile: DevnetProfile | null;
}

export function devnetStatus(options: { stateDir: string }): DevnetStatus {
  const paths = devnetPaths(options.stateDir);
  const processes = readPidFiles(paths.runDir, paths.stateDir);
  const running = processes.filter((p) => p.running).length;
  const state = running === 0 ? 'stopped' : running === processes.length ? 'running' : 'degraded';
  return { state, processes, profile: state === 'stopped' ? null : readProfile(paths.profile) };
}

/** Starts the whole devnet in this process (the supervisor); its PID file names this process. */
export async function devnetUp(options: {
  stateDir: string;
  logger?: DevnetLogger;
}): Promise<RunningDevnet> {
  const logger = options.logger ?? silentDevnetLogger;
  const paths = devnetPaths(options.stateDir);
  const before = devnetStatus(options);
  if (before.state !== 'stopped' || strayDevnetPids(paths.stateDir).length > 0)
    throw new Error(`a devnet already runs in ${paths.stateDir}: yakker devnet down first`);
  mkdirSync(paths.stateDir, { recursive: true, mode: 0o700 });
  rmSync(paths.runDir, { recursive: true, force: true });
  rmSync(paths.profile, { force: true });
  writePidFile(paths.runDir, 'supervisor', process.pid);

  const providers: RunningProvider[] = [];
  let knot: RunningKnot | undefined;
  let directory: RunningDirectory | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await directory?.stop();
      await knot?.stop();
      removePidFile(paths.runDir, 'knot');
      await Promise.all(
        providers.map(async (p) => {
          await p.stop();
          removePidFile(paths.runDir, `provider-${p.name}`);
        }),
      );
      rmSync(paths.profile, { force: true });
      removePidFile(paths.runDir, 'supervisor');
      logger.info('devnet stopped', { stateDir: paths.stateDir });
    })());

  try {
    const ca = await ensureDevnetCa(paths.ca);
    for (const spec of [...DEVNET_PROVIDERS].reverse()) {
      const peers = providers.map((p) => ({ domain: p.domain, tlsPort: p.ports.tls }));
      const p = await startProvider({
        ...spec,
        stateDir: join(paths.providers, spec.name),
        ca,
        peers,
        logger,
      });
      providers.push(p);
      writePidFile(paths.runDir, `provider-${p.name}`, p.pid);
      for (const other of providers) if (other !== p) await other.setPeer(p.domain, p.ports.tls);
    }
    const dns = await startDevnetDns(
      paths,
      providers.map((p) => ({
        domain: p.domain,
        tlsPort: p.ports.tls,
        wssPort: p.ports.wss,
        certPem: readFileSync(join(p.stateDir, 'tls', 'sip-server.pem'), 'utf8'),
      })),
      readDirectoryRecords(paths),
    );
    knot = dns.knot;
    writePidFile(paths.runDir, 'knot', knot.pid);
    const authority = await ensureAuthority(paths.authority);
    directory = await startDirectoryService({
      dir: paths.directory,
      ca,
      authority,
      providers: () =>
        providers
          .map((p) => ({ name: p.name, domain: p.domain, apiUrl: null }))
          .sort((x, y) => x.name.localeCompare(y.name)),
      publish: devnetPublisher({ paths }),
      dns: { host: knot.host, port: knot.port },
      suffix: DIRECTORY_SUFFIX,
      logger,
    });
    const profile = profileOf(paths, knot, dns.anchorDs, providers, ca.certPath, {
      url: directory.url,
      authority,
    });
    writeProfile(paths.profile, profile);
    logger.info('devnet up', { stateDir: paths.stateDir, dns: knot.server });
    return { profile, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

function profileOf(
  paths: DevnetPaths,
  dns: RunningKnot,
  anchorDs: string[],
  providers: readonly RunningProvider[],
  caCertFile: string,
  directory: { url: string; authority: DevnetAuthority },
): DevnetProfile {
  return {
    version: 1,
    stateDir: paths.stateDir,
    startedAt: new Date().toISOString(),
    dns: {
      server: dns.server,
      host: dns.host,
      port: dns.port,
      trustAnchorFile: paths.trustAnchorFile,
      trustAnchor: anchorDs,
      delvAnchorFile: paths.delvAnchorFile,
    },
    directory: { suffix: DIRECTORY_SUFFIX },
    providers: [...providers]
      .sort((x, y) => x.name.localeCompare(y.name))
      .map((p) => ({
        name: p.name,
        domain: p.domain,
        ports: p.ports,
        pid: p.pid,
        stateDir: p.stateDir,
      })),
    caCertFile,
    directoryUrl: directory.url,
    authority: { publicJwk: directory.authority.publicJwk, keyId: directory.authority.keyId },
  };
}

async function waitGone(pids: readonly number[], stateDir: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = readPidFiles(join(stateDir, 'run'), stateDir)
      .filter((p) => p.running && pids.includes(p.pid))
      .concat()
      .map((p) => p.pid);
    const strays = strayDevnetPids(stateDir).filter((p) => pids.includes(p));
    if (left.length === 0 && strays.length === 0) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

/**
 * Stops every devnet process of `stateDir` by PID (the supervisor first, which stops the rest
 * cleanly; then whatever is left, also when the supervisor is gone), verifies in /proc that none
 * is left, and removes the PID files and devnet.json. Harmless when nothing runs.
 */
export async function devnetDown(options: {
  stateDir: string;
}): Promise<{ stopped: { name: string; pid: number }[] }> {
  const paths = devnetPaths(options.stateDir);
  const processes = readPidFiles(paths.runDir, paths.stateDir).filter((p) => p.running);
  const supervisor = processes.find((p) => p.name === 'supervisor');
  if (supervisor !== undefined && signal(supervisor.pid, 'SIGTERM'))
    await waitGone([supervisor.pid], paths.stateDir, 15_000);
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    const left = [
      ...new Set([
        ...readPidFiles(paths.runDir, paths.stateDir)
          .filter((p) => p.running)
          .map((p) => p.pid),
        ...strayDevnetPids(paths.stateDir),
      ]),
    ];
    if (left.length === 0) break;
    for (const pid of left) signal(pid, sig);
    await waitGone(left, paths.stateDir, sig === 'SIGTERM' ? 6000 : 3000);
  }
  const left = strayDevnetPids(paths.stateDir);
  if (left.length > 0)
    throw new Error(`devnet processes still running after down: ${left.join(', ')}`);
  rmSync(paths.runDir, { recursive: true, force: true });
  rmSync(paths.profile, { force: true });
  return { stopped: processes.map((p) => ({ name: p.name, pid: p.pid })) };
}
