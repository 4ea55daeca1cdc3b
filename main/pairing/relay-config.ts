/**
 * Where this device finds a pairing relay, and whether it uses the LAN: the network profile
 * (YAKKER_NETWORK_PROFILE, e.g. the devnet's devnet.json) names a directory service, whose
 * relay is at `<directoryUrl>/v1/relay`, reached over HTTPS trusting the profile's CA.
 * YAKKER_PAIRING_LAN=off turns the direct path off (both roles): the code carries only the
 * relay, and a joiner skips the LAN addresses of a code.
 */
import { loadNetworkProfile, type NetworkProfile } from '../network/network-profile';
import type { RelayEndpoint } from './relay-client';

export interface PairingNetwork {
  /** The relay the holder offers; null without a directory. */
  relay: RelayEndpoint | null;
  /** The CA a joiner trusts for a relay named in a code, besides the system roots. */
  caPem: string | null;
}

/** The code's relay URL is at most 200 bytes (docs/pairing.md §2.1). */
const MAX_URL = 200;

export function relayFromProfile(profile: NetworkProfile): PairingNetwork {
  const caPem = profile.caPem;
  const base = profile.directoryUrl?.trim().replace(/\/+$/, '');
  if (!base || !/^https:\/\/[\x21-\x7e]+$/.test(base)) return { relay: null, caPem };
  const url = `${base}/v1/relay`;
  if (url.length > MAX_URL) return { relay: null, caPem };
  return { relay: { url, caPem }, caPem };
}

/**
 * The relay from the environment's profile. A profile that does not load leaves pairing on the
 * LAN only: the network settings report the broken profile; pairing does not guess a relay.
 */
export function pairingNetwork(env: NodeJS.ProcessEnv = process.env): PairingNetwork {
  return pairingNetworkOf(() => loadNetworkProfile(env));
}

/**
 * The relay of the profile `profile()` gives: the app passes its one NetworkService's profile, so
 * pairing, calls and the directory always agree on the network. Read on each pairing, never
 * cached here; a profile that does not load leaves pairing on the LAN only.
 */
export function pairingNetworkOf(profile: () => NetworkProfile): PairingNetwork {
  try {
    return relayFromProfile(profile());
  } catch {
    return { relay: null, caPem: null };
  }
}

export function lanEnabled(
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return !/^(off|0|false|no)$/i.test(env['YAKKER_PAIRING_LAN']?.trim() ?? '');
}
