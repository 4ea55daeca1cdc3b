import type { Handlers } from '../../shared/contract/handlers';
import type { OnboardingServices } from '../onboarding/onboarding-services';

type OnboardingRequest =
  | 'onboarding.start'
  | 'onboarding.verify'
  | 'onboarding.status'
  | 'onboarding.cancel'
  | 'onboarding.later'
  | 'provider.balance'
  | 'provider.topUp';

/** onboarding.* and provider.* (docs/onboarding.md). */
export function onboardingHandlers(
  services: OnboardingServices,
): Pick<Handlers, OnboardingRequest> {
  return {
    'onboarding.start': (input) => services.onboarding.start(input),
    'onboarding.verify': (input) => services.onboarding.verify(input),
    'onboarding.status': () => services.onboarding.status(),
    'onboarding.cancel': () => services.onboarding.cancel(),
    'onboarding.later': () => services.onboarding.later(),
    'provider.balance': () => services.provider.balance(),
    'provider.topUp': () => services.provider.topUp(),
  };
}
