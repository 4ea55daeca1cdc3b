/** Upstream servers from the system: /etc/resolv.conf on Linux and macOS, the OS on Windows. */
import { getServers } from 'node:dns';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ServerAddress } from '../types';
import { YakkerError } from '../../../shared/contract/result';

/** `nameserver` lines of resolv.conf text (IPv4/IPv6, scope ids dropped). */
export function parseResolvConf(text: string): ServerAddress[] {
  const out: ServerAddress[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const m = /^nameserver\s+(\S+)/.exec(line);
    if (!m) continue;
    const host = (m[1] ?? '').replace(/%.*$/, '');
    if (isIP(host)) out.push({ host, port: 53 });
  }
  return out;
}

/** Parses HOST, HOST:PORT, [V6]:PORT or a bare IPv6 address. */
export function parseServerAddress(text: string): ServerAddress {
  const t = text.trim();
  let host = t;
  let port = 53;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (v6) {
    host = v6[1] ?? '';
    if (v6[2]) port = Number(v6[2]);
  } else if (!isIP(t) && t.includes(':')) {
    const i = t.lastIndexOf(':');
    host = t.slice(0, i);
    port = Number(t.slice(i + 1));
  }
  if (!isIP(host) && !/^[A-Za-z0-9.-]+$/.test(host))
    throw new YakkerError('bad-input', `not a server address: ${text}`);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new YakkerError('bad-input', `bad port in server address: ${text}`);
  return { host, port };
}

export function systemServers(platform: string = process.platform): ServerAddress[] {
  if (platform !== 'win32') {
    try {
      const found = parseResolvConf(readFileSync('/etc/resolv.conf', 'utf8'));
      if (found.length > 0) return found;
    } catch {
      // fall through to the OS view
    }
  }
  // Windows has no resolv.conf: node's dns.getServers() reports the OS configuration.
  const fromNode = getServers().map(parseServerAddress);
  return fromNode.length > 0 ? fromNode : [{ host: '127.0.0.1', port: 53 }];
}
