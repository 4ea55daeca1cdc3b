import { Search, Users } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { Contact } from '../../../shared/contract/requests';
import { Avatar } from '../components/Avatar';
import { EmptyState } from '../components/EmptyState';
import { TrustBadge } from '../components/TrustBadge';
import { useServices } from '../state/context';

/** Contacts: search (Ctrl/Cmd+K from anywhere), Yakker contacts first, "Invite" for the rest. */
export function ContactsScreen(props: { focusSearch?: number }) {
  const { api } = useServices();
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    void api.request('contacts.list', query ? { query } : {}).then((r) => {
      setContacts(r.ok ? r.value : []);
    });
  }, [api, query]);
  useEffect(() => {
    if (props.focusSearch) search.current?.focus();
  }, [props.focusSearch]);
  const sorted = [...(contacts ?? [])].sort(
    (a, b) => Number(b.onYakker) - Number(a.onYakker) || a.displayName.localeCompare(b.displayName),
  );
  return (
    <div className="page">
      <section className="list-pane" aria-labelledby="contacts-title">
        <header className="pane-header">
          <h1 id="contacts-title">Contacts</h1>
        </header>
        <div className="search">
          <Search aria-hidden="true" />
          <input
            ref={search}
            type="search"
            placeholder="Search contacts (Ctrl+K)"
            aria-label="Search contacts"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
            }}
          />
        </div>
        {contacts !== null && sorted.length === 0 ? (
          <p className="empty-small">
            {query ? 'Nobody matches your search.' : 'No contacts yet.'}
          </p>
        ) : (
          <ul className="list" aria-label="Contacts">
            {sorted.map((c) => (
              <li key={c.id} className="row">
                <Avatar name={c.displayName} />
                <span>{c.displayName}</span>
                {c.onYakker ? (
                  <TrustBadge verdict="verified" />
                ) : (
                  <button type="button" className="btn btn-quiet">
                    Invite
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="detail-pane" aria-label="Contact details">
        <EmptyState icon={Users} title="Your people, in one place">
          Contacts with Yakker show a green shield when their number and key check out. You can
          invite anyone else.
        </EmptyState>
      </section>
    </div>
  );
}
