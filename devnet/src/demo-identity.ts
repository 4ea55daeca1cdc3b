/**
 * Keys and certificates for the devnet's demo users (alice, bob), kept in
 * `<state>/demo-users/`: the network's own test population, never the app user's keys (those
 * live in the OS keychain, docs/keystore.md). Self-signed ECDSA P-256 with the number as a
 * `tel:` URI and the SIP address in subjectAltName, as wire-profile.md describes.
 */
import { X509Certificate } from 'node:crypto';
import { access, chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from './run-tool';

export interface DemoIdentity {
  keyPath: string;
  certPath: string;
  certDer: Buffer;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The demo user's key and certificate, made on first use and reused (while valid) after. */
export async function ensureDemoIdentity(
  dir: string,
  user: string,
  e164: string,
  sipUri: string,
): Promise<DemoIdentity> {
  if (!/^[a-z0-9-]{1,32}$/.test(user)) throw new Error(`bad demo user name: ${user}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, `${user}.key.pem`);
  const certPath = join(dir, `${user}.cert.pem`);
  if ((await exists(keyPath)) && (await exists(certPath))) {
    const cert = new X509Certificate(await readFile(certPath, 'utf8'));
    if (new Date(cert.validTo).getTime() > Date.now() + 86_400_000)
      return { keyPath, certPath, certDer: cert.raw };
  }
  await runTool('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '365',
    '-subj',
    `/CN=${user} (Yakker devnet demo user)`,
    '-addext',
    `subjectAltName=URI:tel:${e164},URI:${sipUri}`,
    '-addext',
    'keyUsage=critical,digitalSignature,keyAgreement',
  ]);
  await chmod(keyPath, 0o600);
  const cert = new X509Certificate(await readFile(certPath, 'utf8'));
  return { keyPath, certPath, certDer: cert.raw };
}
