import type { Handlers } from '../../shared/contract/handlers';
import type { AccountService } from '../account/account-service';
import type { NetworkService } from '../network/network-service';

/** account.*, network.* (issue 6: SIP account in a file + keychain, network profile). */
export function accountHandlers(
  account: AccountService,
  network: NetworkService,
): Pick<
  Handlers,
  'account.get' | 'account.set' | 'account.clear' | 'account.sipConfig' | 'network.get'
> {
  return {
    'account.get': () => account.get(),
    'account.set': (input) => account.set(input),
    'account.clear': async () => {
      await account.clear();
      return {};
    },
    'account.sipConfig': () => account.sipConfig(),
    'network.get': () => Promise.resolve(network.info()),
  };
}
