/**
 * Renders devnet/kamailio/kamailio.cfg.tmpl (and the tls module's own file) for one provider.
 * Every {{NAME}} placeholder must be given; values are checked so none can break out of the
 * quoted string or line it lands in.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KAMAILIO_RESOURCE_DIR } from './devnet-paths';
import { DOMAIN_RE } from './provider-db';

const TEMPLATE = join(KAMAILIO_RESOURCE_DIR, 'kamailio.cfg.tmpl');

export interface KamailioPorts {
  /** SIP over TCP (also where msilo re-injects stored messages). */
  tcp: number;
  /** SIP over TLS (clients and other providers). */
  tls: number;
  /** SIP over WebSocket (ws://127.0.0.1:ws). */
  ws: number;
  /** SIP over secure WebSocket (wss://127.0.0.1:wss), for JsSIP. */
  wss: number;
}

export interface KamailioConfigInput {
  name: string;
  domain: string;
  ports: KamailioPorts;
  tlsConfigPath: string;
  providerDbPath: string;
  siloDbPath: string;
  /** Per-start secret that marks msilo's re-injected MESSAGEs (hex). */
  siloToken: string;
  /** Kamailio debug level: -1 error … 3 debug. */
  logLevel: number;
  /** The provider API's database (balances, rates) and acc's CDR database (PSTN billing). */
  apiDbPath: string;
  accDbPath: string;
  /** rtpengine's NG socket, `udp:127.0.0.1:<port>`: enables route[MEDIA]. */
  rtpengineSocket?: string;
  /** The PSTN gateway UA, `sip:<user>@127.0.0.1:<port>;transport=tcp`: enables route[PSTN]. */
  pstnUri?: string;
  /** Listen on [::1] too, on the same four ports. */
  ipv6?: boolean;
}

/** The `#!define` lines that switch on rtpengine and the PSTN gateway in the template. */
export function featureDefines(
  input: Pick<KamailioConfigInput, 'rtpengineSocket' | 'pstnUri'>,
): string {
  const lines: string[] = [];
  if (input.rtpengineSocket !== undefined) {
    if (!/^udp:127\.0\.0\.1:[0-9]{1,5}$/.test(input.rtpengineSocket))
      throw new Error(`bad rtpengine socket: ${input.rtpengineSocket}`);
    lines.push('#!define WITH_RTPENGINE', `#!define RTPENGINE_SOCK "${input.rtpengineSocket}"`);
  }
  if (input.pstnUri !== undefined) {
    if (!/^sip:[a-z0-9]{1,32}@127\.0\.0\.1:[0-9]{1,5};transport=tcp$/.test(input.pstnUri))
      throw new Error(`bad PSTN gateway URI: ${input.pstnUri}`);
    lines.push('#!define WITH_PSTN', `#!define PSTN_URI "${input.pstnUri}"`);
  }
  return lines.length === 0 ? '# (none)' : lines.join('\n');
}

export const PROVIDER_NAME_RE = /^[a-z0-9][a-z0-9-]{0,31}$/;
const SAFE_PATH_RE = /^\/[A-Za-z0-9._/+-]+$/;

function checkPath(path: string): string {
  if (!SAFE_PATH_RE.test(path)) throw new Error(`path not usable in kamailio.cfg: ${path}`);
  return path;
}

function checkPort(port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`bad port ${port}`);
  return String(port);
}

export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const out = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_m, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`no value for {{${key}}} in the Kamailio template`);
    return value;
  });
  return out;
}

export async function renderKamailioConfig(input: KamailioConfigInput): Promise<string> {
  if (!PROVIDER_NAME_RE.test(input.name)) throw new Error(`bad provider name: ${input.name}`);
  if (!DOMAIN_RE.test(input.domain)) throw new Error(`bad SIP domain: ${input.domain}`);
  if (!/^[0-9a-f]{32,64}$/.test(input.siloToken)) throw new Error('bad silo token');
  if (!Number.isInteger(input.logLevel) || input.logLevel < -1 || input.logLevel > 3) {
    throw new Error(`bad log level ${input.logLevel}`);
  }
  const template = await readFile(TEMPLATE, 'utf8');
  return fillTemplate(template, {
    NAME: input.name,
    DOMAIN: input.domain,
    LOG_LEVEL: String(input.logLevel),
    TCP_PORT: checkPort(input.ports.tcp),
    TLS_PORT: checkPort(input.ports.tls),
    WS_PORT: checkPort(input.ports.ws),
    WSS_PORT: checkPort(input.ports.wss),
    TLS_CFG: checkPath(input.tlsConfigPath),
    PROVIDER_DB: checkPath(input.providerDbPath),
    SILO_DB: checkPath(input.siloDbPath),
    SILO_TOKEN: input.siloToken,
    API_DB: checkPath(input.apiDbPath),
    ACC_DB: checkPath(input.accDbPath),
    FEATURE_DEFINES: featureDefines(input),
    IPV6_LISTEN:
      input.ipv6 === true
        ? [input.ports.tcp, input.ports.tls, input.ports.ws, input.ports.wss]
            .map((port, i) => `listen=${i % 2 === 0 ? 'tcp' : 'tls'}:[::1]:${checkPort(port)}`)
            .join('\n')
        : '# (no ::1 listeners)',
  });
}

/**
 * The tls module's profiles. As a server: our certificate; a client certificate is optional (users
 * have none) but, when presented, must chain to the devnet CA (other providers present theirs).
 * As a client (to other providers): we present our certificate and require theirs from the CA.
 */
export function renderTlsConfig(paths: {
  certPath: string;
  keyPath: string;
  caPath: string;
}): string {
  return [
    '[server:default]',
    'method = TLSv1.2+',
    'verify_certificate = yes',
    'require_certificate = no',
    `private_key = ${checkPath(paths.keyPath)}`,
    `certificate = ${checkPath(paths.certPath)}`,
    `ca_list = ${checkPath(paths.caPath)}`,
    '',
    '[client:default]',
    'method = TLSv1.2+',
    'verify_certificate = yes',
    'require_certificate = yes',
    `private_key = ${checkPath(paths.keyPath)}`,
    `certificate = ${checkPath(paths.certPath)}`,
    `ca_list = ${checkPath(paths.caPath)}`,
    '',
  ].join('\n');
}
