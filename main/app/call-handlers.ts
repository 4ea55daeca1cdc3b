import type { Handlers } from '../../shared/contract/handlers';
import { notBuilt } from './stub-handlers';

/** calls.* (issue 6): dial-target resolution and identity verdicts (history: call-history-handlers.ts). */
export function callHandlers(): Pick<Handlers, 'calls.resolve' | 'calls.verdict' | 'calls.dial'> {
  return {
    'calls.resolve': notBuilt('Calling'),
    'calls.verdict': notBuilt('Calling'),
    'calls.dial': notBuilt('Calling'),
  };
}
