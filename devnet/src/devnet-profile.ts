/**
 * devnet.json, the network profile: what an app or the CLI needs to use a running devnet (DNS
 * server and trust anchor, directory suffix, providers and their ports, the devnet CA).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { JWK } from 'jose';
import type { KamailioPorts } from './kamailio-config';

export interface DevnetProviderProfile {
  name: string;
  domain: string;
  /** All on 127.0.0.1, and on [::1] too when `ipv6`. */
  ports: KamailioPorts;
  ipv6: boolean;
  pid: number;
  stateDir: string;
  /** The provider API (HTTPS, devnet CA): https://127.0.0.1:PORT. */
  apiUrl: string;
  /** Provider A's PSTN gateway UA (baresip), reached for `numbers` without an ENUM record. */
  pstnGateway: { sipUri: string; pid: number; numbers: string } | null;
}

export interface DevnetProfile {
  version: 1;
  stateDir: string;
  startedAt: string;
  dns: {
    /** `127.0.0.1:PORT`, for `--server`. */
    server: string;
    host: '127.0.0.1';
    port: number;
    /** The same server on IPv6 loopback, `[::1]:PORT` (same port), or null without ::1. */
    ipv6Server: string | null;
    /** The local root's DS records (a dsset file), for `--trust-anchor` / createResolver. */
    trustAnchorFile: string;
    /** The same DS lines inline. */
    trustAnchor: string[];
    /** The same anchor as a BIND `trust-anchors { }` clause, for `delv -a`. */
    delvAnchorFile: string;
  };
  directory: { suffix: string };
  providers: DevnetProviderProfile[];
  /** rtpengine (userspace), shared by both providers' Kamailio; media ports on 127.0.0.1. */
  media: { rtpengine: { pid: number; ngPort: number; portMin: number; portMax: number } };
  /** The devnet CA (PEM) that issued every TLS server certificate. */
  caCertFile: string;
  /** The directory service (HTTPS, devnet CA): `https://127.0.0.1:PORT`. */
  directoryUrl: string | null;
  /** The authority's key that signs the provider list (GET directoryUrl/v1/providers): pin it. */
  authority: { publicJwk: JWK; keyId: string } | null;
}

export function writeProfile(file: string, profile: DevnetProfile): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(profile, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The profile, or null when there is none (never started, or stopped). */
export function readProfile(file: string): DevnetProfile | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const data = JSON.parse(text) as DevnetProfile;
  if (data.version !== 1) throw new Error(`${file}: unknown profile version`);
  return data;
}
