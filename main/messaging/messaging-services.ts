import { join } from 'node:path';
import type { EventBus } from '../core/event-bus';
import type { Logger } from '../core/logger';
import type { IdentityService } from '../keystore/identity-service';
import { ChatStore, STORE_FILE } from '../store/chat-store';
import { MessageService } from './message-service';
import type { PeerDirectory, SenderAccount } from './peer-directory';

export interface MessagingDeps {
  dataDir: string;
  logger: Logger;
  bus: EventBus;
  identities: () => Promise<IdentityService>;
  directory: () => PeerDirectory;
  account: SenderAccount;
}

/**
 * The store and the message service, each built on first use (the app starts without touching
 * the database). A failed open (disk full, a database from a newer Yakker) is tried again on the
 * next use; a damaged database is kept aside by ChatStore.open and a new one started.
 */
export interface MessagingServices {
  store: () => Promise<ChatStore>;
  messages: () => Promise<MessageService>;
  close: () => void;
}

export function messagingServices(deps: MessagingDeps): MessagingServices {
  let store: ChatStore | undefined;
  let messages: MessageService | undefined;
  const openStore = (): Promise<ChatStore> => {
    try {
      if (!store) {
        store = ChatStore.open(join(deps.dataDir, STORE_FILE), deps.logger);
        if (store.keptAside !== null) {
          deps.bus.emit('messages.storageNotice', {
            message: `Your chat history file was damaged, so Yakker started a new one. The old file is kept at ${store.keptAside}.`,
          });
        }
      }
      return Promise.resolve(store);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return {
    store: openStore,
    messages: async () => {
      if (messages) return messages;
      const [opened, identities] = await Promise.all([openStore(), deps.identities()]);
      messages ??= new MessageService({
        store: opened,
        directory: deps.directory(),
        account: deps.account,
        identities,
        bus: deps.bus,
        logger: deps.logger,
      });
      return messages;
    },
    close: () => {
      messages?.dispose();
      store?.close();
    },
  };
}
