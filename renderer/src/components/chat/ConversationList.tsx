import { ShieldAlert } from 'lucide-react';
import type { ChatSummary } from '../../../../shared/contract/requests';
import { Avatar } from '../Avatar';
import { listTimeOf, peerLabel } from './chat-format';

/** The chats, newest first: name, time, last message, unread count, a key-change mark. */
export function ConversationList(props: {
  chats: ChatSummary[];
  selected: string | null;
  onSelect: (peer: string) => void;
}) {
  return (
    <ul className="list chat-list" aria-label="Conversations">
      {props.chats.map((c) => {
        const name = c.displayName === c.peer ? peerLabel(c.peer) : c.displayName;
        const current = c.peer === props.selected;
        return (
          <li key={c.id}>
            <button
              type="button"
              className="chat-row"
              aria-current={current ? 'true' : undefined}
              onClick={() => {
                props.onSelect(c.peer);
              }}
            >
              <Avatar name={name} />
              <span className="chat-row-text">
                <span className="chat-row-top">
                  <span className="chat-row-name">{name}</span>
                  <time className="chat-row-time" dateTime={new Date(c.lastAt).toISOString()}>
                    {listTimeOf(c.lastAt)}
                  </time>
                </span>
                <span className="chat-row-bottom">
                  <span className="chat-row-last">{c.lastMessage}</span>
                  {c.keyChanged ? (
                    <span className="chat-row-key" title="Their security key changed">
                      <ShieldAlert aria-hidden="true" />
                      <span className="visually-hidden">Security key changed.</span>
                    </span>
                  ) : null}
                  {c.unread > 0 ? (
                    <span className="chat-unread">
                      <span aria-hidden="true">{c.unread}</span>
                      <span className="visually-hidden">{`${c.unread} unread`}</span>
                    </span>
                  ) : null}
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
