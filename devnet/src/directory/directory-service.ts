/**
 * The devnet directory service: HTTPS on 127.0.0.1 (a free port, a server certificate from the
 * devnet CA), state in `<dir>/directory.sqlite`, the relay in memory. It runs inside the devnet
 * supervisor (devnet.ts), which gives it the publishing path into DNS. See docs/devnet.md.
 */
import { createServer, type Server } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { issueServerCertificate, type DevnetCa } from '../devnet-ca';
import { silentDevnetLogger, type DevnetLogger } from '../logger';
import type { AuthorisedProvider, DevnetAuthority } from './authority';
import { DirectoryAccounts } from './directory-accounts';
import { DirectoryDb } from './directory-db';
import { handleRequest } from './directory-routes';
import type { DnsServer } from './dnssec-chain';
import type { PublishRecords } from './publish-records';
import { DEFAULT_RELAY_LIMITS, RelayStore, type RelayLimits } from './relay-mailbox';

export interface DirectoryServiceOptions {
  /** Its folder: `directory.sqlite`, `tls/`. */
  dir: string;
  ca: DevnetCa;
  authority: DevnetAuthority;
  providers: () => AuthorisedProvider[];
  publish: PublishRecords;
  dns: DnsServer;
  /** The directory zone, e.g. `e164.yakker.test.`. */
  suffix: string;
  /** Port to listen on (0 or absent: a free one). */
  port?: number;
  relayLimits?: Partial<RelayLimits>;
  /** The clock (ms); tests inject one to drive expiry. */
  now?: () => number;
  logger?: DevnetLogger;
}

export interface RunningDirectory {
  /** `https://127.0.0.1:PORT` */
  url: string;
  port: number;
  dbFile: string;
  stop(): Promise<void>;
}

/**
 * The service's TLS certificate: the one in `dir` while the CA signed it and it has a week left
 * (a restart costs no openssl runs), else a new one from the CA.
 */
async function serverCertificate(
  ca: DevnetCa,
  dir: string,
): Promise<{ certPem: string; keyPath: string }> {
  const certPath = join(dir, 'directory.pem');
  const keyPath = join(dir, 'directory.key');
  try {
    const certPem = readFileSync(certPath, 'utf8');
    const cert = new X509Certificate(certPem);
    const fresh = new Date(cert.validTo).getTime() > Date.now() + 7 * 86_400_000;
    if (fresh && cert.verify(new X509Certificate(ca.certPem).publicKey) && existsSync(keyPath))
      return { certPem, keyPath };
  } catch {
    // none yet, or unreadable: issue one
  }
  return issueServerCertificate(ca, dir, {
    fileStem: 'directory',
    dnsNames: ['directory.yakker.test'],
    ips: ['127.0.0.1'],
  });
}

export async function startDirectoryService(
  options: DirectoryServiceOptions,
): Promise<RunningDirectory> {
  const logger = options.logger ?? silentDevnetLogger;
  const now = options.now ?? Date.now;
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const tls = await serverCertificate(options.ca, join(options.dir, 'tls'));
  const dbFile = join(options.dir, 'directory.sqlite');
  const db = new DirectoryDb(dbFile);
  const relay = new RelayStore({ ...DEFAULT_RELAY_LIMITS, ...options.relayLimits }, now);
  const accounts = new DirectoryAccounts(db, options.publish, now);
  const ctx = {
    origin: '',
    db,
    accounts,
    relay,
    authority: options.authority,
    providers: options.providers,
    dns: options.dns,
    suffix: options.suffix,
    now,
  };
  const server: Server = createServer(
    { cert: tls.certPem, key: readFileSync(tls.keyPath), requestTimeout: 60_000 },
    (req, res) => {
      void handleRequest(ctx, req, res);
    },
  );
  server.headersTimeout = 10_000;
  server.maxHeadersCount = 50;
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
  ctx.origin = `https://127.0.0.1:${port}`;
  const sweeper = setInterval(() => {
    relay.sweep();
  }, 5000);
  sweeper.unref();
  logger.info('directory service up', { url: ctx.origin });
  let stopping: Promise<void> | undefined;
  return {
    url: ctx.origin,
    port,
    dbFile,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        clearInterval(sweeper);
        relay.close();
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      })),
  };
}
