import { join } from 'node:path';
import { AccountService } from '../account/account-service';
import type { EventBus } from '../core/event-bus';
import type { Logger } from '../core/logger';
import { NetworkService } from '../network/network-service';
import type { SettingsStore } from '../settings/settings-store';
import { CallResolver } from '../sip/call-resolver';
import type { SigningKeyCache } from '../keystore/signing-key-cache';
import type { IdentityLayer } from '../sip/identity-layer';
import { identityOfUri } from '../sip/sip-address';
import { sipTimingTraceFromEnv } from '../sip/sip-timing-trace';
import { SipTransportService } from '../sip/sip-transport-service';
import { VerdictStore } from '../sip/verdict-store';
import { once, type KeyServices } from './key-services';

/**
 * The services behind calls (issue 6): network profile, SIP account, SIP transports with the
 * identity layer on them, identity verdicts, and dial-target resolution.
 */
/** The longest an incoming call waits for the caller's certificate lookup (then: failed). */
export const CERT_LOOKUP_TIMEOUT_MS = 5000;

export interface CallServices {
  network: NetworkService;
  account: AccountService;
  sip: SipTransportService;
  verdicts: VerdictStore;
  resolver: CallResolver;
  dispose(): void;
}

export interface CallServicesDeps {
  dataDir: string;
  bus: EventBus;
  logger: Logger;
  settings: SettingsStore;
  keyServices: () => Promise<KeyServices>;
  /** Tests inject a network (a devnet profile); default: YAKKER_NETWORK_PROFILE or the Internet. */
  network?: NetworkService;
}

export function createCallServices(deps: CallServicesDeps): CallServices {
  const trace = sipTimingTraceFromEnv();
  const network = deps.network ?? new NetworkService();
  const account = new AccountService({
    file: join(deps.dataDir, 'account.json'),
    keyStore: async () => (await deps.keyServices()).keyStore,
    identities: async () => (await deps.keyServices()).identities,
    bus: deps.bus,
    displayName: async () => (await deps.settings.get()).displayName,
  });
  const verdicts = new VerdictStore((verdict) => {
    deps.bus.emit('calls.verdict', verdict);
  });
  // The identity layer signs with keychain keys: its modules load with the key services.
  let signingKeys: SigningKeyCache | null = null;
  // The account changed or was removed: its key must not sign for the next one.
  const accountWatch = deps.bus.subscribe((name) => {
    if (name === 'account.changed') signingKeys?.clear();
  });
  const identityLayer = once(async (): Promise<IdentityLayer> => {
    const [{ IdentityLayer }, { CallIdentity }, { lookupCertificates }, { SigningKeyCache }] =
      await Promise.all([
        import('../sip/identity-layer'),
        import('../keystore/call-identity'),
        import('../resolver/cert/cert-lookup'),
        import('../keystore/signing-key-cache'),
      ]);
    const { identities } = await deps.keyServices();
    const suffix = (): string => network.profile().directorySuffix;
    // One key cache for the session: the keychain is read once, not for every signed message.
    const keys = (signingKeys ??= new SigningKeyCache(identities));
    const callIdentity = () => new CallIdentity(keys, suffix());
    return new IdentityLayer({
      own: async () => {
        const stored = (await account.get()).aor === null ? null : await account.require();
        if (stored === null) return null;
        return {
          aor: stored.aor,
          identity: identityOfUri(stored.aor),
          identityId: stored.identityId,
        };
      },
      sign: (identityId, dest, sdp) => callIdentity().sign(identityId, dest, sdp),
      prepareSigning: async (identityId) => {
        await keys.get(identityId);
      },
      // Bounded: an INVITE waits for this check before JsSIP sees it.
      lookup: (identity) =>
        lookupCertificates(network.resolver(), identity, {
          suffix: suffix(),
          signal: AbortSignal.timeout(CERT_LOOKUP_TIMEOUT_MS),
        }),
      verify: (header, key, expected) => callIdentity().verify(header, key, expected),
      verdicts,
      logger: deps.logger,
      ...(trace === undefined ? {} : { trace }),
    });
  });
  const sip = new SipTransportService({
    bus: deps.bus,
    logger: deps.logger,
    resolver: () => network.resolver(),
    caPem: () => network.profile().caPem,
    defaultAor: async () => (await account.require()).aor,
    filter: identityLayer,
    ...(trace === undefined ? {} : { trace }),
  });
  const resolver = new CallResolver({
    resolver: () => network.resolver(),
    suffix: () => network.profile().directorySuffix,
    defaultCountry: async () => (await deps.settings.get()).defaultCountry,
  });
  return {
    network,
    account,
    sip,
    verdicts,
    resolver,
    dispose: () => {
      sip.dispose();
      void accountWatch.dispose();
      signingKeys?.clear();
    },
  };
}
