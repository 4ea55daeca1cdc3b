import type { Handlers } from '../../shared/contract/handlers';
import type { AppInfo } from '../../shared/contract/requests';
import type { EventBus } from '../core/event-bus';
import type { DeviceRevoke } from '../devices/device-revoke';
import { checkOwnKeys } from '../devices/own-key-check';
import { DnsPeerDirectory } from '../messaging/dns-peer-directory';
import type { LinkedDevices } from '../pairing/linked-devices';
import type { SettingsStore } from '../settings/settings-store';
import type { StatusService } from '../status/status-service';
import { accountHandlers } from './account-handlers';
import type { CallServices } from './call-services';
import { callHandlers } from './call-handlers';
import { callHistoryHandlers } from './call-history-handlers';
import { identityHandlers } from './identity-handlers';
import type { KeyServices } from './key-services';
import type { MessagingServices } from '../messaging/messaging-services';
import { messageHandlers } from './message-handlers';
import type { OnboardingServices } from '../onboarding/onboarding-services';
import { onboardingHandlers } from './onboarding-handlers';
import { pairingHandlers } from './pairing-handlers';
import { sipHandlers } from './sip-handlers';

export interface HandlerDeps {
  info: AppInfo;
  settings: SettingsStore;
  status: StatusService;
  bus: EventBus;
  /** Loaded on first use (see key-services.ts). */
  keyServices: () => Promise<KeyServices>;
  /** Chat and call history (main/store, main/messaging), opened on first use. */
  messaging: MessagingServices;
  /** Network profile, SIP account, SIP transports (issue 6). */
  calls: CallServices;
  linked: LinkedDevices;
  /** Removing a linked device for real: new key, old one revoked (docs/pairing.md §13). */
  revoke: DeviceRevoke;
  /** Sign-up and the provider account (docs/onboarding.md). */
  onboarding: OnboardingServices;
}

/**
 * The one handler object every host serves (Electron IPC, web bridge, tests). Each handler gets
 * input already parsed by the contract's schema.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'app.info': () => Promise.resolve(deps.info),
    'settings.get': () => deps.settings.get(),
    'settings.update': async (patch) => {
      const next = await deps.settings.update(patch);
      deps.bus.emit('settings.changed', next);
      return next;
    },
    'status.get': () => Promise.resolve(deps.status.get()),
    // Contacts are stored by main/store; until then there is nothing to list.
    'contacts.list': () => Promise.resolve([]),
    ...identityHandlers(async () => (await deps.keyServices()).identities),
    ...pairingHandlers(async () => (await deps.keyServices()).pairing),
    'devices.list': () => deps.linked.list(),
    'devices.remove': async ({ id }) => {
      await deps.linked.remove(id);
      return {};
    },
    'devices.revoke': ({ id }) => deps.revoke.revoke(id),
    'devices.revokeResume': () => deps.revoke.resume(),
    'devices.revokeStatus': () => deps.revoke.status(),
    // Only on a network with a Yakker directory (keys are replaced through it): elsewhere
    // there is nothing to check, and no lookup leaves the machine for it.
    'devices.keyCheck': async () =>
      deps.calls.network.profile().directoryUrl === null
        ? []
        : checkOwnKeys(
            (await deps.keyServices()).identities,
            new DnsPeerDirectory({
              resolver: () => deps.calls.network.resolver(),
              suffix: () => deps.calls.network.profile().directorySuffix,
            }),
          ),
    ...accountHandlers(deps.calls.account, deps.calls.network),
    ...sipHandlers(deps.calls.sip),
    ...callHandlers(deps.calls),
    ...callHistoryHandlers(deps.messaging.store, deps.bus),
    ...messageHandlers(deps.messaging.messages),
    ...onboardingHandlers(deps.onboarding),
  };
}
