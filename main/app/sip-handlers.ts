import type { Handlers } from '../../shared/contract/handlers';
import type { SipTransportService } from '../sip/sip-transport-service';

/** sip.* (issue 6: main-owned SIP transports carrying the renderer's JsSIP messages). */
export function sipHandlers(
  transports: SipTransportService,
): Pick<Handlers, 'sip.connect' | 'sip.send' | 'sip.disconnect'> {
  return {
    'sip.connect': (input) => transports.connect(input.aor),
    'sip.send': async (input) => {
      await transports.send(input.connectionId, input.data);
      return {};
    },
    'sip.disconnect': (input) => {
      transports.disconnect(input.connectionId);
      return Promise.resolve({});
    },
  };
}
