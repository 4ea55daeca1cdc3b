import type { Handlers } from '../../shared/contract/handlers';
import type { MessageService } from '../messaging/message-service';

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

/**
 * chats.*, messages.*, peers.* (issue 6): S/MIME chat over SIP MESSAGE, stored in main/store.
 * The service (and its database) is built on first use.
 */
export function messageHandlers(
  messaging: () => Promise<MessageService>,
): Pick<Handlers, MessageRequest> {
  return {
    'chats.list': async () => (await messaging()).chats(),
    'messages.list': async ({ peer, before, limit }) =>
      (await messaging()).list(peer, before, limit),
    'messages.send': async ({ peer, text }) => (await messaging()).send(peer, text),
    'messages.retry': async ({ id }) => (await messaging()).retry(id),
    'messages.markRead': async ({ peer }) => {
      (await messaging()).markRead(peer);
      return {};
    },
    'messages.outbox': async () => (await messaging()).outbox(),
    'messages.sent': async (result) => {
      (await messaging()).sent(result);
      return {};
    },
    'messages.receive': async (request) => (await messaging()).receive(request),
    'peers.acknowledgeKeyChange': async ({ peer }) => {
      (await messaging()).acknowledgeKeyChange(peer);
      return {};
    },
  };
}
