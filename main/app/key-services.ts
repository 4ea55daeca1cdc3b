import type { EventBus } from '../core/event-bus';
import type { IdentityService } from '../keystore/identity-service';
import type { KeyStore } from '../keystore/key-store';
import type { PairingService } from '../pairing/pairing-service';
import type { SettingsStore } from '../settings/settings-store';

/** The services that hold or move keys: identities in the keychain, and device pairing. */
export interface KeyServices {
  identities: IdentityService;
  pairing: PairingService;
}

export interface KeyServicesDeps {
  /** The OS keychain by default (fails closed when missing or locked); tests inject their own. */
  keyStore?: KeyStore | undefined;
  settings: SettingsStore;
  bus: EventBus;
}

/**
 * Builds the key services on first use. Their modules pull in pkijs, @peculiar/x509, @noble/*,
 * qrcode and the keychain addon: about 400 ms of module loading at start-up on our CI machine
 * (docs/benchmarks.md), which the first screen does not need. The Node bundles are split, so
 * these modules load only here.
 */
export async function loadKeyServices(deps: KeyServicesDeps): Promise<KeyServices> {
  const [{ IdentityService }, { openKeyStore }, { PairingService }] = await Promise.all([
    import('../keystore/identity-service'),
    import('../keystore/open-key-store'),
    import('../pairing/pairing-service'),
  ]);
  const identities = new IdentityService(deps.keyStore ?? openKeyStore(process.env));
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
  });
  return { identities, pairing };
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
