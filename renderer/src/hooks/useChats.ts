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

/** How many messages a thread shows at first, and how many more each "Show earlier" adds. */
export const THREAD_PAGE = 200;

/** Where a message belongs in a thread (direction + id: an in and an out id may be equal). */
const keyOf = (m: ChatMessage): string => `${m.direction}-${m.id}`;

/**
 * Puts `m` into `list` (oldest first): replaces the same message, else appends (the usual case:
 * a new message is the newest) or inserts in time order. Never sorts the whole thread.
 */
export function placeMessage(list: ChatMessage[], m: ChatMessage): ChatMessage[] {
  const key = keyOf(m);
  const i = list.findIndex((x) => keyOf(x) === key);
  if (i !== -1) {
    const next = list.slice();
    next[i] = m;
    return next;
  }
  let at = list.length;
  while (at > 0 && (list[at - 1]?.at ?? 0) > m.at) at--;
  return [...list.slice(0, at), m, ...list.slice(at)];
}

/** `older` (a page read with `before`) in front of `list`, without the ones already there. */
export function prependPage(list: ChatMessage[], older: ChatMessage[]): ChatMessage[] {
  const have = new Set(list.map(keyOf));
  return [...older.filter((m) => !have.has(keyOf(m))), ...list];
}

export interface Thread {
  /** Oldest first; null until the first page is read. */
  messages: ChatMessage[] | null;
  error: string | null;
  /** Whether older messages may exist in the store than the ones shown. */
  hasEarlier: boolean;
  loadingEarlier: boolean;
  loadEarlier: () => void;
}

/**
 * One conversation's newest messages (THREAD_PAGE of them), oldest first, updated by
 * `messages.changed`; `loadEarlier` reads the page before the oldest one shown, so a long history
 * is all reachable without rendering thousands of bubbles at once. The component using it is
 * keyed by peer, so a new peer starts from an empty state.
 */
export function useThread(peer: string): Thread {
  const { api } = useServices();
  const [messages, setMessages] = useState<ChatMessage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hasEarlier, setHasEarlier] = useState(false);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  useEffect(() => {
    let live = true;
    void api.request('messages.list', { peer, limit: THREAD_PAGE }).then((r) => {
      if (!live) return;
      if (r.ok) {
        // Changes that arrived while the page was read stay (placeMessage is idempotent).
        setMessages((early) => (early ?? []).reduce(placeMessage, r.value));
        setHasEarlier(r.value.length === THREAD_PAGE);
      } else {
        setMessages([]);
        setError(r.error.message);
      }
    });
    const off = api.on('messages.changed', (m) => {
      if (m.peer !== peer) return;
      setMessages((list) => placeMessage(list ?? [], m));
    });
    return () => {
      live = false;
      off();
    };
  }, [api, peer]);

  const loadEarlier = (): void => {
    const oldest = messages?.[0];
    if (oldest === undefined || loadingEarlier) return;
    setLoadingEarlier(true);
    // `before` is exclusive: +1 ms also returns messages written in the oldest one's millisecond,
    // which prependPage drops where already shown, so none at the page boundary is skipped.
    void api
      .request('messages.list', { peer, before: oldest.at + 1, limit: THREAD_PAGE })
      .then((r) => {
        setLoadingEarlier(false);
        if (!r.ok) {
          setError(r.error.message);
          return;
        }
        setMessages((list) => prependPage(list ?? [], r.value));
        setHasEarlier(r.value.length === THREAD_PAGE);
      });
  };

  return { messages, error, hasEarlier, loadingEarlier, loadEarlier };
}
