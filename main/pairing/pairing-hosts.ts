/**
 * Which addresses the holder's LAN listener binds: this device's non-internal IPv4 and IPv6
 * interface addresses, never link-local (a code cannot carry a zone id), never the unspecified
 * address. YAKKER_PAIRING_HOSTS (comma-separated IP literals, e.g. `127.0.0.1`) overrides the
 * choice; tests set it so that nothing listens beyond loopback.
 */
import { isIP } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { YakkerError } from '../../shared/contract/result';

/** The pairing code has room for 8 rendezvous entries; 4 LAN addresses leave room for a relay. */
const MAX_HOSTS = 4;

function isLinkLocal(info: NetworkInterfaceInfo): boolean {
  if (info.family === 'IPv4') return info.address.startsWith('169.254.');
  return /^fe[89ab]/i.test(info.address);
}

export function lanAddresses(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.internal || isLinkLocal(info)) continue;
      (info.family === 'IPv4' ? v4 : v6).push(info.address);
    }
  }
  return [...new Set([...v4, ...v6])].slice(0, MAX_HOSTS);
}

/** The hosts to bind: the override when given (validated), else the LAN addresses. */
export function pairingHosts(
  env: Readonly<Record<string, string | undefined>> = process.env,
  interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>,
): string[] {
  const override = env['YAKKER_PAIRING_HOSTS']?.trim();
  if (override) return parseHostList(override);
  const hosts = lanAddresses(interfaces);
  if (hosts.length === 0) {
    throw new YakkerError(
      'unavailable',
      'This device has no local network address. Connect it to the same network as the other device.',
    );
  }
  return hosts;
}

/** `127.0.0.1,::1` → validated IP literals (the listener refuses 0.0.0.0 and ::). */
export function parseHostList(list: string): string[] {
  const hosts = list
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (const host of hosts) {
    if (isIP(host) === 0) throw new YakkerError('bad-input', `not an IP address: ${host}`);
  }
  if (hosts.length === 0 || hosts.length > MAX_HOSTS) {
    throw new YakkerError('bad-input', `give 1 to ${MAX_HOSTS} addresses to listen on`);
  }
  return hosts;
}
