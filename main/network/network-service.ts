import type { NetworkInfo } from '../../shared/contract/areas/account';
import { createResolver, type ValidatingResolver } from '../resolver/create-resolver';
import type { ResolverOptions } from '../resolver/options';
import { loadNetworkProfile, PROFILE_ENV, type NetworkProfile } from './network-profile';

export interface NetworkServiceOptions {
  /** Where the profile comes from (default: `YAKKER_NETWORK_PROFILE`, else the Internet). */
  load?: () => NetworkProfile;
  /** Extra resolver options (tests: a clock, a transport). */
  resolverOptions?: Omit<ResolverOptions, 'servers' | 'trustAnchors' | 'trustAnchorFiles'>;
}

/**
 * The network main talks to, and the one validating resolver configured for it (its DNS server
 * and trust anchor). Other services (calls, messages) take their resolver from here so that
 * every lookup is validated against the same anchors. Loaded on first use: a broken profile
 * file makes each use fail with the same clear `bad-input` error, and never crashes start-up.
 */
export class NetworkService {
  private loaded: NetworkProfile | undefined;
  private validating: ValidatingResolver | undefined;

  private readonly load: () => NetworkProfile;

  constructor(private readonly options: NetworkServiceOptions = {}) {
    // The environment as it is now, at start-up, not whenever the profile is first used.
    const env = { [PROFILE_ENV]: process.env[PROFILE_ENV] };
    this.load = options.load ?? (() => loadNetworkProfile(env));
  }

  profile(): NetworkProfile {
    this.loaded ??= this.load();
    return this.loaded;
  }

  resolver(): ValidatingResolver {
    if (this.validating === undefined) {
      const profile = this.profile();
      this.validating = createResolver({
        ...this.options.resolverOptions,
        ...(profile.dnsServers ? { servers: profile.dnsServers } : {}),
        ...(profile.trustAnchors ? { trustAnchors: profile.trustAnchors } : {}),
      });
    }
    return this.validating;
  }

  /** `network.get`: what the Settings screen shows. */
  info(): NetworkInfo {
    const p = this.profile();
    const server = p.dnsServers?.[0];
    return {
      name: p.name,
      source: p.source,
      dnsServer:
        server === undefined
          ? null
          : server.host.includes(':')
            ? `[${server.host}]:${server.port}`
            : `${server.host}:${server.port}`,
      directorySuffix: p.directorySuffix,
      directoryUrl: p.directoryUrl,
    };
  }
}
