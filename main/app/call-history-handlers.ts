import type { Handlers } from '../../shared/contract/handlers';
import type { EventBus } from '../core/event-bus';
import type { ChatStore } from '../store/chat-store';

/** calls.log and calls.history (issue 6): the call history in main/store. */
export function callHistoryHandlers(
  store: () => Promise<ChatStore>,
  bus: EventBus,
): Pick<Handlers, 'calls.log' | 'calls.history'> {
  return {
    'calls.log': async (call) => {
      const id = (await store()).calls.add(call);
      bus.emit('calls.historyChanged', {});
      return { id };
    },
    'calls.history': async () => (await store()).calls.list(),
  };
}
