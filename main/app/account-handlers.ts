import type { Handlers } from '../../shared/contract/handlers';
import { notBuilt } from './stub-handlers';

/** account.*, network.* (issue 6: SIP account in settings + keychain, network profile). */
export function accountHandlers(): Pick<
  Handlers,
  'account.get' | 'account.set' | 'account.clear' | 'account.sipConfig' | 'network.get'
> {
  return {
    'account.get': notBuilt('Account setup'),
    'account.set': notBuilt('Account setup'),
    'account.clear': notBuilt('Account setup'),
    'account.sipConfig': notBuilt('Account setup'),
    'network.get': notBuilt('Network profiles'),
  };
}
