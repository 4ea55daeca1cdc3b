import type { Handlers } from '../../shared/contract/handlers';
import type { PairingService } from '../pairing/pairing-service';

/** The pairing requests (docs/pairing.md), over the LAN pairing service. Keys stay in main. */
export function pairingHandlers(
  service: () => Promise<PairingService>,
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
    'pairing.start': async (input) => (await service()).start(input.identityId),
    'pairing.confirm': async (input) => (await service()).confirm(input.code),
    'pairing.deny': async () => {
      (await service()).deny();
      return {};
    },
    'pairing.cancel': async () => {
      (await service()).cancel();
      return {};
    },
    'pairing.join': async (input) => (await service()).join(input.text, input.deviceName),
    'pairing.status': async () => (await service()).status(),
  };
}
