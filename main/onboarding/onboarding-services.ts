import { join } from 'node:path';
import type { CallServices } from '../app/call-services';
import type { KeyServices } from '../app/key-services';
import type { EventBus } from '../core/event-bus';
import { directoryConfigOf } from '../directory/directory-config';
import { DirectoryClient } from '../directory/directory-client';
import type { NetworkProfile } from '../network/network-profile';
import { ProviderService } from '../provider/provider-service';
import type { SettingsStore } from '../settings/settings-store';
import { OnboardingService } from './onboarding-service';
import { OnboardingStateFile } from './onboarding-state';

export interface OnboardingServices {
  onboarding: OnboardingService;
  provider: ProviderService;
}

export interface OnboardingServicesDeps {
  dataDir: string;
  bus: EventBus;
  settings: SettingsStore;
  keyServices: () => Promise<KeyServices>;
  calls: Pick<CallServices, 'network' | 'account'>;
}

/** Sign-up and the provider account, on the network profile the SIP account uses. */
export function createOnboardingServices(deps: OnboardingServicesDeps): OnboardingServices {
  const profile = (): NetworkProfile => deps.calls.network.profile();
  const directory = (): DirectoryClient => new DirectoryClient(() => directoryConfigOf(profile()));
  const identities = async () => (await deps.keyServices()).identities;
  const caPem = (): string | null => profile().caPem;
  return {
    onboarding: new OnboardingService({
      state: new OnboardingStateFile(join(deps.dataDir, 'onboarding.json')),
      directory,
      identities,
      account: deps.calls.account,
      caPem,
      country: async () => (await deps.settings.get()).defaultCountry,
      simulatedPhoneUrl: (number) => simulatedPhoneUrl(profile(), number),
      bus: deps.bus,
    }),
    provider: new ProviderService({ account: deps.calls.account, directory, identities, caPem }),
  };
}

/** The directory's SMS sink page, only for a directory on this machine (a test network). */
export function simulatedPhoneUrl(profile: NetworkProfile, number: string): string | null {
  if (profile.directoryUrl === null) return null;
  const url = new URL(profile.directoryUrl);
  if (!['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname)) return null;
  return `${url.origin}/sms?number=${encodeURIComponent(number)}`;
}
