/**
 * The devnet as one thing: `devnetUp` starts providers A and B (Kamailio, peered) and NSD serving
 * the signed zones, in this process, and writes devnet.json and a PID file per process;
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
import { buildDevnetDns } from './dns/devnet-dns';
import { DIRECTORY_SUFFIX } from './dns/devnet-zones';
import { serveNsd, type RunningNsd } from './dns/serve-nsd';
import { readDirectoryRecords } from './directory-records';
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
  let nsd: RunningNsd | undefined;
  let rtpengine: RunningRtpengine | undefined;
  let gateway: RunningPstnGateway | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const parts of apis.values()) {
        await parts.api?.close();
        parts.billing?.stop();
        parts.store.close();
      }
      await nsd?.stop();
      removePidFile(paths.runDir, 'nsd');
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
        ...(spec.pstn && gateway !== undefined ? { pstnUri: gateway.sipUri } : {}),
      });
      providers.push(p);
      writePidFile(paths.runDir, `provider-${p.name}`, p.pid);
      for (const other of providers) if (other !== p) await other.setPeer(p.domain, p.ports.tls);
    }
    const built = buildDevnetDns(
      paths,
      providers.map((p) => ({
        domain: p.domain,
        tlsPort: p.ports.tls,
        wssPort: p.ports.wss,
        certPem: readFileSync(join(p.stateDir, 'tls', 'sip-server.pem'), 'utf8'),
      })),
      readDirectoryRecords(paths),
    );
    nsd = await serveNsd(built);
    writePidFile(paths.runDir, 'nsd', nsd.pid);
    const verifier =
      options.requestVerifier?.({
        dnsHost: nsd.host,
        dnsPort: nsd.port,
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
    const profile = profileOf(paths, nsd, built.anchorDs, providers, ca.certPath, extras);
    writeProfile(paths.profile, profile);
    logger.info('devnet up', { stateDir: paths.stateDir, dns: nsd.server });
    return { profile, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

function profileOf(
  paths: DevnetPaths,
  nsd: RunningNsd,
  anchorDs: string[],
  providers: readonly RunningProvider[],
  caCertFile: string,
  extras: {
    apiUrls: ReadonlyMap<string, string>;
    rtpengine: RunningRtpengine;
    gateway: RunningPstnGateway | undefined;
  },
): DevnetProfile {
  return {
    version: 1,
    stateDir: paths.stateDir,
    startedAt: new Date().toISOString(),
    dns: {
      server: nsd.server,
      host: nsd.host,
      port: nsd.port,
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
    directoryUrl: null,
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
