/**
 * One devnet provider's SIP server: Kamailio as registrar + proxy for its domain on 127.0.0.1
 * (TCP, TLS, WS, WSS on free ports), digest credentials and inter-provider routes in SQLite that
 * this side writes live, store-and-forward of MESSAGE (msilo). See docs/devnet.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ensureDevnetCa, issueServerCertificate, type DevnetCa } from './devnet-ca';
import { freeLoopbackPorts } from './free-ports';
import {
  PROVIDER_NAME_RE,
  renderKamailioConfig,
  renderTlsConfig,
  type KamailioPorts,
} from './kamailio-config';
import { kamailioPids, PortRaceError, startKamailio } from './kamailio-process';
import { silentDevnetLogger, type DevnetLogger } from './logger';
import { openProviderDb } from './provider-db';
import { sipOptionsProbe } from './sip-probe';

export type { KamailioPorts } from './kamailio-config';

/** Where another provider's domain is reached: its Kamailio's TLS port on 127.0.0.1. */
export interface PeerRoute {
  domain: string;
  tlsPort: number;
}

export interface ProviderOptions {
  /** Short name, e.g. "a" (log prefix, file names). */
  name: string;
  /** The provider's SIP domain, e.g. "a.provider.test". */
  domain: string;
  /** Folder for config, certificates, databases and log (created; reused across restarts). */
  stateDir: string;
  peers?: readonly PeerRoute[];
  /** The devnet CA; default: one kept in <stateDir>/ca. */
  ca?: DevnetCa;
  logger?: DevnetLogger;
  /** Kamailio debug level (-1 … 3); default 1. */
  logLevel?: number;
  /** Reuse these ports (e.g. a restart in the same state folder); default: free ones. */
  ports?: KamailioPorts;
  /** rtpengine's NG socket (`udp:127.0.0.1:<port>`): calls between WebRTC and plain RTP. */
  rtpengineSocket?: string;
  /** The PSTN gateway UA's SIP URI: calls to +1 555 01xx numbers that are not our users. */
  pstnUri?: string;
  /** Listen on [::1] too, same ports (where the machine has IPv6 loopback). */
  ipv6?: boolean;
}

export interface RunningProvider {
  name: string;
  domain: string;
  pid: number;
  ports: KamailioPorts;
  /** Also listening on [::1], same ports. */
  ipv6: boolean;
  caCertPem: string;
  stateDir: string;
  configPath: string;
  logPath: string;
  /** Issues (or replaces) SIP digest credentials; effective for the next request. */
  addUser(user: string, password: string): Promise<void>;
  /** Withdraws credentials; true if the user existed. */
  removeUser(user: string): Promise<boolean>;
  setPeer(domain: string, tlsPort: number): Promise<void>;
  removePeer(domain: string): Promise<void>;
  /** MESSAGEs stored for offline users (all, or one user's), not yet delivered. */
  storedMessageCount(user?: string): Promise<number>;
  /** Resolves when the Kamailio that runs now exits (stopped, or died). */
  exited(): Promise<unknown>;
  /**
   * Starts Kamailio again after it died: what is left of the old one is killed, then the same
   * config (ports, TLS certificate, databases) starts and must answer its probes. Returns the PID.
   */
  restart(): Promise<number>;
  /** Stops Kamailio and checks no process of it is left. Safe to call twice. */
  stop(): Promise<void>;
}

const PORT_ATTEMPTS = 4;

async function choosePorts(ipv6: boolean): Promise<KamailioPorts> {
  const [tcp, tls, ws, wss] = await freeLoopbackPorts(4, { ipv6 });
  if (tcp === undefined || tls === undefined || ws === undefined || wss === undefined) {
    throw new Error('could not find free loopback ports');
  }
  return { tcp, tls, ws, wss };
}

export async function startProvider(options: ProviderOptions): Promise<RunningProvider> {
  if (!PROVIDER_NAME_RE.test(options.name)) throw new Error(`bad provider name: ${options.name}`);
  const logger = options.logger ?? silentDevnetLogger;
  const stateDir = resolve(options.stateDir);
  const runDir = join(stateDir, 'run');
  await mkdir(runDir, { recursive: true, mode: 0o700 });

  const ca = options.ca ?? (await ensureDevnetCa(join(stateDir, 'ca')));
  const cert = await issueServerCertificate(ca, join(stateDir, 'tls'), {
    fileStem: 'sip-server',
    dnsNames: [options.domain, 'localhost'],
    ips: ['127.0.0.1', '::1'],
  });
  const db = await openProviderDb(stateDir, options.domain);
  for (const peer of options.peers ?? []) await db.putPeer(peer.domain, peer.tlsPort);

  const tlsConfigPath = join(stateDir, 'tls.cfg');
  await writeFile(
    tlsConfigPath,
    renderTlsConfig({ certPath: cert.certPath, keyPath: cert.keyPath, caPath: ca.certPath }),
    { mode: 0o600 },
  );
  const configPath = join(stateDir, 'kamailio.cfg');
  const logPath = join(stateDir, 'kamailio.log');

  for (let attempt = 1; ; attempt++) {
    const ports = options.ports ?? (await choosePorts(options.ipv6 === true));
    const { tcp, tls } = ports;
    const config = await renderKamailioConfig({
      name: options.name,
      domain: options.domain,
      ports,
      tlsConfigPath,
      providerDbPath: db.providerDbPath,
      siloDbPath: db.siloDbPath,
      siloToken: randomBytes(16).toString('hex'),
      logLevel: options.logLevel ?? 1,
      apiDbPath: join(stateDir, 'api.sqlite'),
      accDbPath: db.accDbPath,
      ...(options.rtpengineSocket === undefined
        ? {}
        : { rtpengineSocket: options.rtpengineSocket }),
      ...(options.pstnUri === undefined ? {} : { pstnUri: options.pstnUri }),
      ipv6: options.ipv6 === true,
    });
    await writeFile(configPath, config, { mode: 0o600 });
    const ready = async (): Promise<boolean> =>
      (await sipOptionsProbe({ port: tcp, domain: options.domain })) === 200 &&
      (await sipOptionsProbe({ port: tls, domain: options.domain, caPem: ca.certPem })) === 200;
    try {
      let proc = await startKamailio({ configPath, runDir, logPath, ready });
      logger.info('devnet provider SIP server up', {
        name: options.name,
        domain: options.domain,
        pid: proc.pid,
        ports,
      });
      let stopping: Promise<void> | undefined;
      const restart = async (): Promise<number> => {
        if (stopping !== undefined) throw new Error(`provider ${options.name} is stopping`);
        await killLeftovers(configPath);
        proc = await startKamailio({ configPath, runDir, logPath, ready });
        logger.info('devnet provider SIP server started again', {
          name: options.name,
          pid: proc.pid,
        });
        return proc.pid;
      };
      return {
        name: options.name,
        domain: options.domain,
        get pid() {
          return proc.pid;
        },
        ports,
        ipv6: options.ipv6 === true,
        caCertPem: ca.certPem,
        stateDir,
        configPath,
        logPath,
        addUser: (user, password) => db.putUser(user, password),
        removeUser: (user) => db.deleteUser(user),
        setPeer: (domain, tlsPort) => db.putPeer(domain, tlsPort),
        removePeer: (domain) => db.deletePeer(domain),
        storedMessageCount: (user) => db.storedMessageCount(user),
        exited: () => proc.exited,
        restart,
        stop: () => {
          stopping ??= proc.stop().then(() => {
            logger.info('devnet provider SIP server stopped', { name: options.name });
          });
          return stopping;
        },
      };
    } catch (err) {
      const retry = err instanceof PortRaceError && !options.ports && attempt < PORT_ATTEMPTS;
      if (!retry) throw err;
      logger.warn('a chosen port was taken before Kamailio bound it; retrying', { attempt });
    }
  }
}

/** Kills every process still running with this config (children of a main process that died). */
async function killLeftovers(configPath: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const left = await kamailioPids(configPath);
    if (left.length === 0) return;
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`kamailio processes of ${configPath} do not end`);
}
