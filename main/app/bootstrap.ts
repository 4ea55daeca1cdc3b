import { join } from 'node:path';
import type { Handlers } from '../../shared/contract/handlers';
import type { AppInfo } from '../../shared/contract/requests';
import { DisposableStore, toDisposable } from '../core/disposable';
import { EventBus } from '../core/event-bus';
import type { Logger } from '../core/logger';
import type { KeyStore } from '../keystore/key-store';
import { nullNotifier, type Notifier } from '../notify/notifier';
import { SettingsStore } from '../settings/settings-store';
import { StatusService } from '../status/status-service';
import { accountSender } from '../messaging/account-sender';
import { DnsPeerDirectory } from '../messaging/dns-peer-directory';
import { messagingServices } from '../messaging/messaging-services';
import { createCallServices } from './call-services';
import { createHandlers } from './create-handlers';
import { createOnboardingServices } from '../onboarding/onboarding-services';
import { NetworkService } from '../network/network-service';
import { LinkedDevices } from '../pairing/linked-devices';
import { createDeviceRevoke, resumeRevokeAtStart } from '../devices/device-services';
import { loadKeyServices, once, type KeyServices } from './key-services';

export interface AppOptions {
  host: AppInfo['host'];
  version: string;
  dataDir: string;
  logger: Logger;
  /** Electron injects native notifications; other hosts have none. */
  notifier?: Notifier;
  /** The OS keychain by default (fails closed when missing or locked); tests inject their own. */
  keyStore?: KeyStore;
}

export interface YakkerApp {
  handlers: Handlers;
  bus: EventBus;
  notifier: Notifier;
  logger: Logger;
  dispose(): Promise<void>;
}

/** The composition root: builds every main-side service once, for whichever host runs. */
export function createApp(options: AppOptions): YakkerApp {
  const disposables = new DisposableStore();
  const bus = new EventBus();
  const settings = new SettingsStore(join(options.dataDir, 'settings.json'), options.logger);
  const status = new StatusService(bus);
  let loaded: KeyServices | undefined;
  const linked = new LinkedDevices(
    join(options.dataDir, 'linked-devices.json'),
    options.logger,
    (devices) => {
      bus.emit('devices.changed', devices);
    },
  );
  // One network for the whole app: calls, messages, sign-up and the pairing relay.
  const network = new NetworkService();
  const keyServices = once(
    async () =>
      (loaded = await loadKeyServices({
        keyStore: options.keyStore,
        settings,
        bus,
        linked,
        networkProfile: () => network.profile(),
      })),
  );
  disposables.add(
    toDisposable(() => {
      loaded?.pairing.dispose();
    }),
  );
  const calls = createCallServices({
    dataDir: options.dataDir,
    bus,
    logger: options.logger,
    settings,
    keyServices,
    network,
  });
  disposables.add(
    toDisposable(() => {
      calls.dispose();
    }),
  );
  const messaging = messagingServices({
    dataDir: options.dataDir,
    logger: options.logger,
    bus,
    identities: async () => (await keyServices()).identities,
    directory: () =>
      new DnsPeerDirectory({
        resolver: () => calls.network.resolver(),
        suffix: () => calls.network.profile().directorySuffix,
      }),
    account: accountSender(calls.account),
  });
  disposables.add(
    toDisposable(() => {
      messaging.close();
    }),
  );
  const revoke = createDeviceRevoke({
    dataDir: options.dataDir,
    bus,
    logger: options.logger,
    linked,
    keyServices,
    profile: () => calls.network.profile(),
  });
  resumeRevokeAtStart(revoke, options.logger);
  const handlers = createHandlers({
    info: {
      version: options.version,
      host: options.host,
      platform: `${process.platform}-${process.arch}`,
    },
    settings,
    status,
    bus,
    keyServices,
    calls,
    linked,
    revoke,
    messaging,
    onboarding: createOnboardingServices({
      dataDir: options.dataDir,
      bus,
      settings,
      keyServices,
      calls,
    }),
  });
  return {
    handlers,
    bus,
    notifier: options.notifier ?? nullNotifier,
    logger: options.logger,
    dispose: () => disposables.dispose(),
  };
}
