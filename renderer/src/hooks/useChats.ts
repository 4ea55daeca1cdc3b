import { useEffect, useState } from 'react';
import type { ChatMessage } from '../../../shared/contract/areas/messages';
import type { ChatSummary } from '../../../shared/contract/requests';
import { useServices } from '../state/context';

/** The conversation list, kept fresh by `chats.changed`. `error` is in plain words. */
export function useChats(): { chats: ChatSummary[] | null; error: string | null } {
  const { api, store } = useServices();
  const [chats, setChats] = useState<ChatSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => {
      void api.request('chats.list', {}).then((r) => {
        if (!live) return;
        if (r.ok) {
          setChats(r.value);
          setError(null);
        } else {
          setChats((c) => c ?? []);
          setError(r.error.message);
        }
      });
    };
    const offs = [
      api.on('chats.changed', load),
      api.on('messages.storageNotice', (notice) => {
        store.getState().toast('error', notice.message);
      }),
    ];
    load();
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [api, store]);
  return { chats, error };
}

/**
 * One conversation's messages, oldest first, updated by `messages.changed`. The component using
 * it is keyed by peer, so a new peer starts from an empty state.
 */
export function useThread(peer: string): { messages: ChatMessage[] | null; error: string | null } {
  const { api } = useServices();
  const [messages, setMessages] = useState<ChatMessage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.request('messages.list', { peer, limit: 500 }).then((r) => {
      if (!live) return;
      if (r.ok) setMessages(r.value);
      else {
        setMessages([]);
        setError(r.error.message);
      }
    });
    const off = api.on('messages.changed', (m) => {
      if (m.peer !== peer) return;
      setMessages((list) => {
        const current = list ?? [];
        const at = current.findIndex((x) => x.id === m.id && x.direction === m.direction);
        if (at === -1) return [...current, m].sort((a, b) => a.at - b.at);
        const next = current.slice();
        next[at] = m;
        return next;
      });
    });
    return () => {
      live = false;
      off();
    };
  }, [api, peer]);
  return { messages, error };
}
