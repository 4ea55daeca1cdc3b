import type { EventBus } from '../core/event-bus';
import type { IdentityService } from '../keystore/identity-service';
import type { KeyStore } from '../keystore/key-store';
import type { NetworkProfile } from '../network/network-profile';
import type { LinkedDevices } from '../pairing/linked-devices';
import type { PairingService } from '../pairing/pairing-service';
import type { SettingsStore } from '../settings/settings-store';

/** The services that hold or move keys: identities in the keychain, and device pairing. */
export interface KeyServices {
  identities: IdentityService;
  pairing: PairingService;
  /** The keychain itself (the SIP account's password lives there too). */
  keyStore: KeyStore;
}

export interface KeyServicesDeps {
  /** The OS keychain by default (fails closed when missing or locked); tests inject their own. */
  keyStore?: KeyStore | undefined;
  settings: SettingsStore;
  bus: EventBus;
  /** Where finished pairings are recorded. */
  linked?: LinkedDevices;
  /**
   * The app's network profile (its NetworkService): pairing offers and trusts that network's
   * relay. Without it, pairing reads YAKKER_NETWORK_PROFILE itself (the CLI does).
   */
  networkProfile?: () => NetworkProfile;
}

/**
 * Builds the key services on first use. Their modules pull in pkijs, @peculiar/x509, @noble/*,
 * qrcode and the keychain addon: about 400 ms of module loading at start-up on our CI machine
 * (docs/benchmarks.md), which the first screen does not need. The Node bundles are split, so
 * these modules load only here.
 */
export async function loadKeyServices(deps: KeyServicesDeps): Promise<KeyServices> {
  const [{ IdentityService }, { openKeyStore }, { PairingService }, { pairingNetworkOf }] =
    await Promise.all([
      import('../keystore/identity-service'),
      import('../keystore/open-key-store'),
      import('../pairing/pairing-service'),
      import('../pairing/relay-config'),
    ]);
  const profile = deps.networkProfile;
  const keyStore = deps.keyStore ?? openKeyStore(process.env);
  const identities = new IdentityService(keyStore);
  const pairing = new PairingService({
    identities,
    settings: {
      get: () => deps.settings.get(),
      apply: async (patch) => {
        deps.bus.emit('settings.changed', await deps.settings.update(patch));
      },
    },
    onChange: (status) => {
      deps.bus.emit('pairing.changed', status);
    },
    ...(deps.linked ? { linked: deps.linked } : {}),
    ...(profile ? { network: () => pairingNetworkOf(profile) } : {}),
  });
  return { identities, pairing, keyStore };
}

/** Runs `load` once, on the first call; a failed load is tried again on the next call. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}
