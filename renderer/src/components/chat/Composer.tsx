import { Send } from 'lucide-react';
import { useId, useState, type SyntheticEvent, type KeyboardEvent } from 'react';

/**
 * Writes a message: Enter sends, Shift+Enter adds a line. The draft stays when sending fails.
 * `blockedReason` disables it (e.g. an unacknowledged key change) and says why.
 */
export function Composer(props: {
  peerName: string;
  blockedReason: string | null;
  onSend: (text: string) => Promise<string | null>;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hintId = useId();
  const blocked = props.blockedReason !== null;

  const send = async () => {
    const trimmed = text.trim();
    if (!trimmed || blocked || busy) return;
    setBusy(true);
    const failure = await props.onSend(trimmed);
    setBusy(false);
    setError(failure);
    if (failure === null) setText('');
  };
  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    void send();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };
  return (
    <form className="composer" onSubmit={onSubmit}>
      {error ? (
        <p className="composer-error" role="alert">
          {error}
        </p>
      ) : null}
      {blocked ? (
        <p className="composer-blocked" id={hintId}>
          {props.blockedReason}
        </p>
      ) : null}
      <div className="composer-row">
        <textarea
          aria-label={`Message ${props.peerName}`}
          aria-describedby={blocked ? hintId : undefined}
          placeholder={blocked ? 'Sending is paused' : 'Write a message'}
          rows={1}
          maxLength={4096}
          value={text}
          disabled={blocked}
          onChange={(e) => {
            setText(e.target.value);
          }}
          onKeyDown={onKeyDown}
        />
        <button
          type="submit"
          className="btn composer-send"
          aria-label="Send"
          disabled={blocked || busy || text.trim() === ''}
        >
          <Send aria-hidden="true" />
        </button>
      </div>
    </form>
  );
}
