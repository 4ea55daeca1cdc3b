import { MessageCirclePlus, MessageCircle, Search } from 'lucide-react';
import { useState } from 'react';
import { ConversationList } from '../components/chat/ConversationList';
import { NewChat } from '../components/chat/NewChat';
import { ThreadView } from '../components/chat/ThreadView';
import { peerLabel } from '../components/chat/chat-format';
import { EmptyState } from '../components/EmptyState';
import { useChats } from '../hooks/useChats';
import { useApp } from '../state/context';
import '../styles/chat.css';

/** Chats: the conversation list on the left, the open conversation on the right. */
export function ChatsScreen() {
  const { chats, error } = useChats();
  const country = useApp((s) => s.settings?.defaultCountry ?? 'US');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [composing, setComposing] = useState(false);
  const q = query.trim().toLowerCase();
  const shown = (chats ?? []).filter(
    (c) =>
      q === '' ||
      c.displayName.toLowerCase().includes(q) ||
      peerLabel(c.peer).toLowerCase().includes(q) ||
      c.peer.includes(q),
  );
  const current = chats?.find((c) => c.peer === selected);
  const open = (peer: string) => {
    setSelected(peer);
    setComposing(false);
  };
  return (
    <div className="page">
      <section className="list-pane" aria-labelledby="chats-title">
        <header className="pane-header">
          <h1 id="chats-title">Chats</h1>
          <button
            type="button"
            className="icon-btn"
            aria-label="New chat"
            title="New chat"
            aria-expanded={composing}
            onClick={() => {
              setComposing((v) => !v);
            }}
          >
            <MessageCirclePlus aria-hidden="true" />
          </button>
        </header>
        {composing ? (
          <NewChat
            country={country}
            onOpen={open}
            onCancel={() => {
              setComposing(false);
            }}
          />
        ) : null}
        <div className="search">
          <Search aria-hidden="true" />
          <input
            type="search"
            placeholder="Search chats"
            aria-label="Search chats"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
            }}
          />
        </div>
        {error ? (
          <p className="empty-small" role="alert">
            {error}
          </p>
        ) : null}
        {chats !== null && shown.length === 0 && !error ? (
          <p className="empty-small">
            {query ? 'No chats match your search.' : 'No conversations yet.'}
          </p>
        ) : (
          <ConversationList chats={shown} selected={selected} onSelect={open} />
        )}
      </section>
      <section className="detail-pane" aria-label="Conversation">
        {selected ? (
          <ThreadView key={selected} peer={selected} keyChanged={current?.keyChanged ?? false} />
        ) : (
          <EmptyState
            icon={MessageCircle}
            title="Start a conversation"
            action={
              <button
                type="button"
                className="btn"
                onClick={() => {
                  setComposing(true);
                }}
              >
                <MessageCirclePlus aria-hidden="true" />
                New chat
              </button>
            }
          >
            Message anyone with a Yakker number. Messages are end-to-end encrypted: only you and the
            people you write to can read them.
          </EmptyState>
        )}
      </section>
    </div>
  );
}
