import type { Handlers } from '../../shared/contract/handlers';
import { notBuilt } from './stub-handlers';

type MessageRequest =
  | 'chats.list'
  | 'messages.list'
  | 'messages.send'
  | 'messages.retry'
  | 'messages.markRead'
  | 'messages.outbox'
  | 'messages.sent'
  | 'messages.receive'
  | 'peers.acknowledgeKeyChange';

/** chats.*, messages.*, peers.* (issue 6: S/MIME chat over SIP MESSAGE, stored in main/store). */
export function messageHandlers(): Pick<Handlers, MessageRequest> {
  return {
    // The chat list is stored by main/store; until then there is nothing to list.
    'chats.list': () => Promise.resolve([]),
    'messages.list': notBuilt('Chat'),
    'messages.send': notBuilt('Chat'),
    'messages.retry': notBuilt('Chat'),
    'messages.markRead': notBuilt('Chat'),
    'messages.outbox': notBuilt('Chat'),
    'messages.sent': notBuilt('Chat'),
    'messages.receive': notBuilt('Chat'),
    'peers.acknowledgeKeyChange': notBuilt('Chat'),
  };
}
