import type { Handlers } from '../../shared/contract/handlers';
import type { PairingService } from '../pairing/pairing-service';

/** The pairing requests (docs/pairing.md), over the LAN pairing service. Keys stay in main. */
export function pairingHandlers(
  pairing: PairingService,
): Pick<
  Handlers,
  | 'pairing.start'
  | 'pairing.confirm'
  | 'pairing.deny'
  | 'pairing.cancel'
  | 'pairing.join'
  | 'pairing.status'
> {
  return {
    'pairing.start': (input) => pairing.start(input.identityId),
    'pairing.confirm': (input) => pairing.confirm(input.code),
    'pairing.deny': () => {
      pairing.deny();
      return Promise.resolve({});
    },
    'pairing.cancel': () => {
      pairing.cancel();
      return Promise.resolve({});
    },
    'pairing.join': (input) => pairing.join(input.text, input.deviceName),
    'pairing.status': () => Promise.resolve(pairing.status()),
  };
}
