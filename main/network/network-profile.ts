import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { YakkerError } from '../../shared/contract/result';
import { parseTrustAnchors } from '../resolver/trust-anchors';
import type { TrustAnchor } from '../resolver/options';
import type { ServerAddress } from '../resolver/types';

/**
 * Which Yakker network main talks to: the DNS server and trust anchor its validating resolver
 * uses, the directory (ENUM) suffix, and the CA that vouches for its servers' TLS certificates.
 * A profile file is devnet.json (devnet/src/devnet-profile.ts; docs/devnet.md); without one main
 * uses the public Internet: the system resolvers, the IANA root anchors and e164.arpa.
 */
export interface NetworkProfile {
  name: string;
  source: 'env' | 'settings' | 'none';
  /** The file it was read from, when there is one. */
  file: string | null;
  /** DNS servers to ask; null means the system resolvers. */
  dnsServers: ServerAddress[] | null;
  /** Trust anchors; null means the IANA root KSKs. */
  trustAnchors: TrustAnchor[] | null;
  /** The ENUM suffix, absolute with trailing dot, e.g. `e164.yakker.test.`. */
  directorySuffix: string;
  directoryUrl: string | null;
  /** PEM of the CA that issues the network's server certificates; null: system roots. */
  caPem: string | null;
}

export const PUBLIC_NETWORK: NetworkProfile = {
  name: 'Internet',
  source: 'none',
  file: null,
  dnsServers: null,
  trustAnchors: null,
  directorySuffix: 'e164.arpa.',
  directoryUrl: null,
  caPem: null,
};

/** The environment variable naming a profile file (devnet.json). */
export const PROFILE_ENV = 'YAKKER_NETWORK_PROFILE';

const profileFileSchema = z.object({
  version: z.literal(1),
  name: z.string().min(1).max(64).optional(),
  dns: z.object({
    server: z.string().min(1),
    trustAnchor: z.array(z.string()).optional(),
    trustAnchorFile: z.string().optional(),
  }),
  directory: z.object({ suffix: z.string().min(1).max(253) }),
  caCertFile: z.string().nullable().optional(),
  directoryUrl: z.string().nullable().optional(),
});

/** Reads the profile named by `YAKKER_NETWORK_PROFILE`, else the public network. */
export function loadNetworkProfile(env: NodeJS.ProcessEnv = process.env): NetworkProfile {
  const file = env[PROFILE_ENV];
  if (file === undefined || file.trim() === '') return PUBLIC_NETWORK;
  return readNetworkProfile(file, 'env');
}

/**
 * Parses a profile file. Anything wrong (unreadable, not JSON, a missing field, a bad server
 * address, an unreadable anchor or CA) is a `bad-input` YakkerError naming the file and the
 * field: main never guesses a network.
 */
export function readNetworkProfile(file: string, source: NetworkProfile['source']): NetworkProfile {
  const fail = (why: string): never => {
    throw new YakkerError('bad-input', `network profile ${file}: ${why}`);
  };
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`cannot read it (${error instanceof Error ? error.message : String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail('not JSON');
  }
  const parsed = profileFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const data = parsed.data;
  const here = (p: string): string => (isAbsolute(p) ? p : resolve(dirname(file), p));
  const server = parseServerAddress(data.dns.server) ?? fail(`bad dns.server "${data.dns.server}"`);
  let anchors: TrustAnchor[];
  try {
    if (data.dns.trustAnchor && data.dns.trustAnchor.length > 0)
      anchors = parseTrustAnchors(data.dns.trustAnchor.join('\n'), `${file} dns.trustAnchor`);
    else if (data.dns.trustAnchorFile)
      anchors = parseTrustAnchors(
        readFileSync(here(data.dns.trustAnchorFile), 'utf8'),
        data.dns.trustAnchorFile,
      );
    else return fail('no dns.trustAnchor or dns.trustAnchorFile');
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  let caPem: string | null = null;
  if (data.caCertFile) {
    try {
      caPem = readFileSync(here(data.caCertFile), 'utf8');
    } catch {
      fail(`cannot read caCertFile ${data.caCertFile}`);
    }
    if (!caPem?.includes('BEGIN CERTIFICATE')) fail(`caCertFile ${data.caCertFile} is not PEM`);
  }
  const suffix = data.directory.suffix.toLowerCase().replace(/\.?$/, '.');
  return {
    name: data.name ?? 'devnet',
    source,
    file,
    dnsServers: [server],
    trustAnchors: anchors,
    directorySuffix: suffix,
    directoryUrl: data.directoryUrl ?? null,
    caPem,
  };
}

/** `127.0.0.1:5300`, `[::1]:5300`; null when it is neither. */
export function parseServerAddress(text: string): ServerAddress | null {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  if (match === null) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return null;
  return { host: match[1] ?? match[2] ?? '', port };
}
