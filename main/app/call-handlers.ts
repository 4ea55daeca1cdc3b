import type { Handlers } from '../../shared/contract/handlers';
import type { CallServices } from './call-services';

/** calls.* (issue 6): dial-target resolution and identity verdicts (history: call-history-handlers.ts). */
export function callHandlers(
  calls: Pick<CallServices, 'resolver' | 'verdicts'>,
): Pick<Handlers, 'calls.resolve' | 'calls.verdict' | 'calls.dial'> {
  return {
    'calls.resolve': (input) => calls.resolver.resolve(input.target),
    'calls.verdict': (input) => Promise.resolve(calls.verdicts.get(input.callId)),
    // An alias kept for compatibility: the renderer dials through JsSIP after calls.resolve.
    'calls.dial': (input) => calls.resolver.resolve(input.target),
  };
}
