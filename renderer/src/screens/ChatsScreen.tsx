import { MessageCircle, Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ChatSummary } from '../../../shared/contract/requests';
import { Avatar } from '../components/Avatar';
import { EmptyState } from '../components/EmptyState';
import { useServices } from '../state/context';

/** Chats: the conversation list on the left, the open conversation on the right. */
export function ChatsScreen() {
  const { api } = useServices();
  const [chats, setChats] = useState<ChatSummary[] | null>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    void api.request('chats.list', {}).then((r) => {
      setChats(r.ok ? r.value : []);
    });
  }, [api]);
  const shown = (chats ?? []).filter((c) =>
    c.displayName.toLowerCase().includes(query.toLowerCase()),
  );
  return (
    <div className="page">
      <section className="list-pane" aria-labelledby="chats-title">
        <header className="pane-header">
          <h1 id="chats-title">Chats</h1>
        </header>
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
        {chats !== null && shown.length === 0 ? (
          <p className="empty-small">
            {query ? 'No chats match your search.' : 'No conversations yet.'}
          </p>
        ) : (
          <ul className="list" aria-label="Conversations">
            {shown.map((c) => (
              <li key={c.id} className="row">
                <Avatar name={c.displayName} />
                <span>{c.displayName}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="detail-pane" aria-label="Conversation">
        <EmptyState icon={MessageCircle} title="Start a conversation">
          Message anyone with a Yakker number. Messages are end-to-end encrypted: only you and the
          people you write to can read them.
        </EmptyState>
      </section>
    </div>
  );
}
