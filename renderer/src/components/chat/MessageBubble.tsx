import { memo } from 'react';
import { AlertCircle, Check, Clock, RotateCw } from 'lucide-react';
import type { ChatMessage } from '../../../../shared/contract/areas/messages';
import { timeOf } from './chat-format';

const STATE_TEXT: Record<ChatMessage['state'], string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Not sent',
  received: 'Received',
};

/** One message: the text, its time, and for our own its delivery state (retry when failed). */
export const MessageBubble = memo(function MessageBubble(props: {
  message: ChatMessage;
  onRetry: (id: string) => void;
}) {
  const m = props.message;
  const mine = m.direction === 'out';
  return (
    <li className="bubble-row" data-direction={m.direction}>
      <div className="bubble" data-state={m.state}>
        <span className="visually-hidden">{mine ? 'You: ' : 'Them: '}</span>
        <p className="bubble-text">{m.text}</p>
        <span className="bubble-meta">
          <time dateTime={new Date(m.at).toISOString()}>{timeOf(m.at)}</time>
          {mine ? <DeliveryState state={m.state} /> : null}
        </span>
      </div>
      {m.state === 'failed' ? (
        <div className="bubble-failed">
          <span>{m.error ?? 'This message was not sent.'}</span>
          <button
            type="button"
            className="btn btn-quiet btn-small"
            onClick={() => {
              props.onRetry(m.id);
            }}
          >
            <RotateCw aria-hidden="true" />
            Retry
          </button>
        </div>
      ) : null}
    </li>
  );
});

function DeliveryState(props: { state: ChatMessage['state'] }) {
  const Icon = props.state === 'sent' ? Check : props.state === 'failed' ? AlertCircle : Clock;
  return (
    <span className="delivery" data-state={props.state} title={STATE_TEXT[props.state]}>
      <Icon aria-hidden="true" />
      <span className="visually-hidden">{STATE_TEXT[props.state]}</span>
    </span>
  );
}
