/**
 * The devnet certificate authority and the TLS certificates it issues to devnet servers, made with
 * the openssl CLI (ECDSA P-256). One CA per devnet state folder; every client (app, tests, the
 * other provider's Kamailio) trusts it explicitly. Keys are written 0600 and never leave the folder.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from './run-tool';

export interface DevnetCa {
  certPath: string;
  keyPath: string;
  certPem: string;
}

export interface ServerCertificate {
  certPath: string;
  keyPath: string;
  certPem: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Loads the CA in `dir`, or makes one there. */
export async function ensureDevnetCa(dir: string): Promise<DevnetCa> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const certPath = join(dir, 'devnet-ca.pem');
  const keyPath = join(dir, 'devnet-ca.key');
  if (!(await exists(certPath)) || !(await exists(keyPath))) {
    await runTool('openssl', [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '825',
      '-subj',
      '/O=Yakker devnet/CN=Yakker devnet CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-addext',
      'subjectKeyIdentifier=hash',
    ]);
    await chmod(keyPath, 0o600);
  }
  return { certPath, keyPath, certPem: await readFile(certPath, 'utf8') };
}

const NAME_RE = /^[a-z0-9][a-z0-9.-]{0,252}$/;

/** A server certificate for `dnsNames` and `ips`, signed by the CA, written into `dir`. */
export async function issueServerCertificate(
  ca: DevnetCa,
  dir: string,
  options: { fileStem: string; dnsNames: readonly string[]; ips: readonly string[] },
): Promise<ServerCertificate> {
  const first = options.dnsNames[0];
  if (!first || !options.dnsNames.every((n) => NAME_RE.test(n))) {
    throw new Error(`bad certificate names: ${options.dnsNames.join(', ')}`);
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, `${options.fileStem}.key`);
  const certPath = join(dir, `${options.fileStem}.pem`);
  const csrPath = join(dir, `${options.fileStem}.csr`);
  const extPath = join(dir, `${options.fileStem}.ext`);
  const san = [...options.dnsNames.map((n) => `DNS:${n}`), ...options.ips.map((ip) => `IP:${ip}`)];
  await writeFile(
    extPath,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth,clientAuth',
      `subjectAltName=${san.join(',')}`,
      'authorityKeyIdentifier=keyid',
      '',
    ].join('\n'),
  );
  await runTool('openssl', [
    'req',
    '-new',
    ...EC,
    '-keyout',
    keyPath,
    '-out',
    csrPath,
    '-subj',
    `/CN=${first}`,
  ]);
  await chmod(keyPath, 0o600);
  await runTool('openssl', [
    'x509',
    '-req',
    '-in',
    csrPath,
    '-CA',
    ca.certPath,
    '-CAkey',
    ca.keyPath,
    '-set_serial',
    `0x${randomBytes(16)
      .toString('hex')
      .replace(/^[89a-f]/, '1')}`,
    '-days',
    '397',
    '-sha256',
    '-extfile',
    extPath,
    '-out',
    certPath,
  ]);
  return { certPath, keyPath, certPem: await readFile(certPath, 'utf8') };
}
