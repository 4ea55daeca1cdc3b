import type { Handlers } from '../../shared/contract/handlers';
import { notBuilt } from './stub-handlers';

/** calls.* (issue 6): dial-target resolution, identity verdicts, call history. */
export function callHandlers(): Pick<
  Handlers,
  'calls.resolve' | 'calls.verdict' | 'calls.log' | 'calls.history' | 'calls.dial'
> {
  return {
    'calls.resolve': notBuilt('Calling'),
    'calls.verdict': notBuilt('Calling'),
    'calls.log': notBuilt('Call history'),
    // History is stored by main/store; until then there is nothing to list.
    'calls.history': () => Promise.resolve([]),
    'calls.dial': notBuilt('Calling'),
  };
}
