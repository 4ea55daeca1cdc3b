/**
 * The devnet as one thing: `devnetUp` starts providers A and B (Kamailio, peered) and Knot DNS
 * serving the signed zones (the directory zone signed online, updatable), in this process, and
 * writes devnet.json and a PID file per process; it starts Knot or a Kamailio again when one
 * dies (devnet-supervision.ts);
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
import { ipv6LoopbackAvailable } from './dns/dns-port';
import { DIRECTORY_SUFFIX } from './dns/devnet-zones';
import type { RunningKnot } from './dns/serve-knot';
import { readDirectoryRecords, withDirectoryRecords } from './directory-records';
import { supervise, type Supervision } from './devnet-supervision';
import { ensureAuthority, type DevnetAuthority } from './directory/authority';
import { startDirectoryService, type RunningDirectory } from './directory/directory-service';
import { devnetPublisher } from './directory/publish-records';
import { silentDevnetLogger, type DevnetLogger } from './logger';
import { startProvider, type RunningProvider } from './provider';
import { startRtpengine, type RunningRtpengine } from './media/rtpengine';
import { startPstnGateway, type RunningPstnGateway } from './pstn/pstn-gateway';
import { startProviderApi, type RunningProviderApi } from './provider-api/api-server';
import { openApiStore, type ApiStore } from './provider-api/api-store';
import { startBilling, type Billing } from './provider-api/billing';
import { ProviderApiError } from './provider-api/api-errors';
import type { RequestVerifierFactory } from './provider-api/request-verifier';

export const DEVNET_PROVIDERS = [
  { name: 'a', domain: 'a.provider.test', pstn: true },
  { name: 'b', domain: 'b.provider.test', pstn: false },
] as const;

/** One provider's API and billing, started once DNS runs. */
interface ProviderApiParts {
  store: ApiStore;
  billing?: Billing;
  api?: RunningProviderApi;
}

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
  /** Checks provider API request signatures against published certificates (main supplies it). */
  requestVerifier?: RequestVerifierFactory;
  /** Start a Knot or Kamailio that dies again (default); false for tests that stage an outage. */
  restart?: boolean;
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
  const apis = new Map<string, ProviderApiParts>();
  let knot: RunningKnot | undefined;
  let directory: RunningDirectory | undefined;
  let rtpengine: RunningRtpengine | undefined;
  let gateway: RunningPstnGateway | undefined;
  let supervision: Supervision | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await supervision?.stop();
      for (const parts of apis.values()) {
        await parts.api?.close();
        parts.billing?.stop();
        parts.store.close();
      }
      await directory?.stop();
      await knot?.stop();
      removePidFile(paths.runDir, 'knot');
      await Promise.all(
        providers.map(async (p) => {
          await p.stop();
          removePidFile(paths.runDir, `provider-${p.name}`);
        }),
      );
      await gateway?.stop();
      removePidFile(paths.runDir, 'pstn-gateway');
      await rtpengine?.stop();
      removePidFile(paths.runDir, 'rtpengine');
      rmSync(paths.profile, { force: true });
      removePidFile(paths.runDir, 'supervisor');
      logger.info('devnet stopped', { stateDir: paths.stateDir });
    })());

  try {
    const ca = await ensureDevnetCa(paths.ca);
    rtpengine = await startRtpengine({ stateDir: join(paths.stateDir, 'media') });
    writePidFile(paths.runDir, 'rtpengine', rtpengine.pid);
    for (const spec of [...DEVNET_PROVIDERS].reverse()) {
      const peers = providers.map((p) => ({ domain: p.domain, tlsPort: p.ports.tls }));
      const providerDir = join(paths.providers, spec.name);
      mkdirSync(providerDir, { recursive: true, mode: 0o700 });
      // Before Kamailio starts: route[PSTN] reads balances and rates from this database.
      apis.set(spec.name, { store: openApiStore(providerDir) });
      if (spec.pstn) {
        gateway = await startPstnGateway({ dir: join(providerDir, 'pstn') });
        writePidFile(paths.runDir, 'pstn-gateway', gateway.pid);
      }
      const p = await startProvider({
        name: spec.name,
        domain: spec.domain,
        stateDir: providerDir,
        ca,
        peers,
        logger,
        rtpengineSocket: rtpengine.kamailioSocket,
        ipv6: await ipv6LoopbackAvailable(),
        ...(spec.pstn && gateway !== undefined ? { pstnUri: gateway.sipUri } : {}),
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
          .map((p) => ({
            name: p.name,
            domain: p.domain,
            apiUrl: apis.get(p.name)?.api?.url ?? null,
          }))
          .sort((x, y) => x.name.localeCompare(y.name)),
      publish: devnetPublisher({ paths }),
      dns: { host: knot.host, port: knot.port },
      suffix: DIRECTORY_SUFFIX,
      logger,
    });
    const verifier =
      options.requestVerifier?.({
        dnsHost: knot.host,
        dnsPort: knot.port,
        trustAnchorFile: paths.trustAnchorFile,
        directorySuffix: DIRECTORY_SUFFIX,
      }) ??
      ((): Promise<never> =>
        Promise.reject(
          new ProviderApiError(
            'unavailable',
            'this devnet was started without a signature verifier',
          ),
        ));
    for (const p of providers) {
      const parts = apis.get(p.name);
      if (parts === undefined) continue;
      parts.billing = startBilling({
        store: parts.store,
        accDbPath: join(p.stateDir, 'acc.sqlite'),
        onError: (error) => {
          logger.warn('billing failed', { provider: p.name, error: String(error) });
        },
      });
      parts.api = await startProviderApi({
        name: p.name,
        sip: p,
        store: parts.store,
        billing: parts.billing,
        verifier,
        ca,
        certDir: join(p.stateDir, 'tls'),
        logger,
      });
    }
    const extras = {
      apiUrls: new Map([...apis].map(([name, parts]) => [name, parts.api?.url ?? ''])),
      rtpengine,
      gateway,
    };
    const profile = profileOf(paths, knot, dns.anchorDs, providers, ca.certPath, extras, {
      url: directory.url,
      authority,
    });
    writeProfile(paths.profile, profile);
    if (options.restart !== false)
      supervision = supervise(
        [
          {
            name: 'knot',
            exited: () => knot?.exited ?? new Promise(() => undefined),
            restart: async () => {
              // No publish in between: the zone is rebuilt from the records file.
              knot = await withDirectoryRecords(paths, () =>
                dns.restartKnot(readDirectoryRecords(paths)),
              );
              return knot.pid;
            },
          },
          ...providers.map((p) => ({
            name: `provider-${p.name}`,
            exited: () => p.exited(),
            restart: () => p.restart(),
          })),
        ],
        {
          onRestarted: (name, pid) => {
            writePidFile(paths.runDir, name, pid);
            for (const entry of profile.providers)
              if (`provider-${entry.name}` === name) entry.pid = pid;
            writeProfile(paths.profile, profile);
            logger.warn('devnet process exited; started it again', { name, pid });
          },
          onGaveUp: (name, why) => {
            logger.error('devnet process exited and stays down', { name, why });
          },
        },
      );
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
  extras: {
    apiUrls: ReadonlyMap<string, string>;
    rtpengine: RunningRtpengine;
    gateway: RunningPstnGateway | undefined;
  },
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
      ipv6Server: dns.ipv6Server,
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
        ipv6: p.ipv6,
        pid: p.pid,
        stateDir: p.stateDir,
        apiUrl: extras.apiUrls.get(p.name) ?? '',
        pstnGateway:
          extras.gateway !== undefined && p.name === 'a'
            ? { sipUri: extras.gateway.sipUri, pid: extras.gateway.pid, numbers: '+155501xx' }
            : null,
      })),
    media: {
      rtpengine: {
        pid: extras.rtpengine.pid,
        ngPort: extras.rtpengine.ngPort,
        portMin: extras.rtpengine.portMin,
        portMax: extras.rtpengine.portMax,
      },
    },
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
