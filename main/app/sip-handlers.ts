import type { Handlers } from '../../shared/contract/handlers';
import { notBuilt } from './stub-handlers';

/** sip.* (issue 6: main-owned SIP transports carrying the renderer's JsSIP messages). */
export function sipHandlers(): Pick<Handlers, 'sip.connect' | 'sip.send' | 'sip.disconnect'> {
  return {
    'sip.connect': notBuilt('Calling'),
    'sip.send': notBuilt('Calling'),
    'sip.disconnect': notBuilt('Calling'),
  };
}
