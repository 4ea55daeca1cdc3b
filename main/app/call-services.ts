import { join } from 'node:path';
import { AccountService } from '../account/account-service';
import type { EventBus } from '../core/event-bus';
import type { Logger } from '../core/logger';
import { NetworkService } from '../network/network-service';
import type { SettingsStore } from '../settings/settings-store';
import { SipTransportService } from '../sip/sip-transport-service';
import type { KeyServices } from './key-services';

/** The services behind calls (issue 6): network profile, SIP account, SIP transports. */
export interface CallServices {
  network: NetworkService;
  account: AccountService;
  sip: SipTransportService;
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
  const network = deps.network ?? new NetworkService();
  const account = new AccountService({
    file: join(deps.dataDir, 'account.json'),
    keyStore: async () => (await deps.keyServices()).keyStore,
    identities: async () => (await deps.keyServices()).identities,
    bus: deps.bus,
    displayName: async () => (await deps.settings.get()).displayName,
  });
  const sip = new SipTransportService({
    bus: deps.bus,
    logger: deps.logger,
    resolver: () => network.resolver(),
    caPem: () => network.profile().caPem,
    defaultAor: async () => (await account.require()).aor,
  });
  return {
    network,
    account,
    sip,
    dispose: () => {
      sip.dispose();
    },
  };
}
