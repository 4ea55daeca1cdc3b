import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { THREAD_PAGE, useThread } from '../../hooks/useChats';
import { useServices } from '../../state/context';
import { Avatar } from '../Avatar';
import { dayOf, peerLabel } from './chat-format';
import { Composer } from './Composer';
import { KeyChangeNotice } from './KeyChangeNotice';
import { MessageBubble } from './MessageBubble';
import { PeerBadge } from './PeerBadge';

/** One conversation: header with the badge, the key-change notice, messages, the composer. */
export function ThreadView(props: { peer: string; keyChanged: boolean }) {
  const { api, store } = useServices();
  const { messages, error, hasEarlier, loadingEarlier, loadEarlier } = useThread(props.peer);
  const name = peerLabel(props.peer);
  const end = useRef<HTMLLIElement>(null);
  // At most `shown` bubbles are in the page (the newest ones), however long the session runs.
  const [shown, setShown] = useState(THREAD_PAGE);
  const visible = (messages ?? []).slice(-shown);
  const moreInMemory = (messages?.length ?? 0) > shown;
  const showEarlier = () => {
    if (!moreInMemory) loadEarlier();
    setShown((n) => n + THREAD_PAGE);
  };
  const count = messages?.length ?? 0;
  const newest = messages?.[count - 1];
  const newestKey = newest ? `${newest.direction}-${newest.id}` : '';
  const unreadIn = messages?.some((m) => m.direction === 'in') ?? false;

  // Follow the newest message; earlier pages shown above keep the view where it is.
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [newestKey]);
  useEffect(() => {
    if (unreadIn) void api.request('messages.markRead', { peer: props.peer });
  }, [api, props.peer, count, unreadIn]);

  const send = async (text: string): Promise<string | null> => {
    const r = await api.request('messages.send', { peer: props.peer, text });
    return r.ok ? null : r.error.message;
  };
  const retry = useCallback(
    (id: string) => {
      void api.request('messages.retry', { id }).then((r) => {
        if (!r.ok) store.getState().toast('error', r.error.message);
      });
    },
    [api, store],
  );
  const acknowledge = () => {
    void api.request('peers.acknowledgeKeyChange', { peer: props.peer }).then((r) => {
      if (!r.ok) store.getState().toast('error', r.error.message);
    });
  };

  return (
    <div className="thread">
      <header className="thread-header">
        <Avatar name={name} />
        <h2 className="thread-name">{name}</h2>
        <PeerBadge peer={props.peer} />
      </header>
      {props.keyChanged ? <KeyChangeNotice peerName={name} onAcknowledge={acknowledge} /> : null}
      <div
        className="thread-messages"
        role="log"
        aria-label={`Messages with ${name}`}
        aria-live="polite"
      >
        <ol className="thread-list">
          {error ? <li className="empty-small">{error}</li> : null}
          {hasEarlier || moreInMemory ? (
            <li className="thread-earlier">
              <button
                type="button"
                className="btn btn-quiet"
                disabled={loadingEarlier}
                onClick={showEarlier}
              >
                {loadingEarlier ? 'Loading earlier messages…' : 'Show earlier messages'}
              </button>
            </li>
          ) : null}
          {messages !== null && messages.length === 0 && !error ? (
            <li className="empty-small">
              No messages yet. Messages are end-to-end encrypted: only you and {name} can read them.
            </li>
          ) : null}
          {visible.map((m, i, all) => {
            const day = dayOf(m.at);
            const previous = all[i - 1];
            const separator = previous === undefined || dayOf(previous.at) !== day;
            return (
              <Fragment key={`${m.direction}-${m.id}`}>
                {separator ? (
                  <li className="day-separator" aria-hidden="true">
                    <span>{day}</span>
                  </li>
                ) : null}
                <MessageBubble message={m} onRetry={retry} />
              </Fragment>
            );
          })}
          <li ref={end} aria-hidden="true" className="thread-end" />
        </ol>
      </div>
      <Composer
        peerName={name}
        blockedReason={
          props.keyChanged
            ? `Sending is paused until you review ${name}'s new security key above.`
            : null
        }
        onSend={send}
      />
    </div>
  );
}
