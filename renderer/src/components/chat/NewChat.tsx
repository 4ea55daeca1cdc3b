import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { useId, useState, type SyntheticEvent } from 'react';

/** The peer key main uses for a typed number or address, or null when it is neither. */
export function peerFromInput(text: string, country: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^[+\d][\d\s().-]*$/.test(trimmed)) {
    const number = parsePhoneNumberFromString(trimmed, country as CountryCode);
    if (number?.isPossible()) return number.number;
    // Short E.164 numbers (test networks, small countries) that the library does not know.
    const digits = trimmed.replace(/[\s().-]/g, '');
    return /^\+[1-9]\d{5,14}$/.test(digits) ? digits : null;
  }
  const address = trimmed.replace(/^sips?:/i, '');
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address) ? `sip:${address.toLowerCase()}` : null;
}

/** "New chat": a phone number or address, then the thread opens. */
export function NewChat(props: {
  country: string;
  onOpen: (peer: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    const peer = peerFromInput(text, props.country);
    if (peer === null) {
      setError('Type a phone number (with the country code if it is abroad) or an address.');
      return;
    }
    props.onOpen(peer);
  };
  return (
    <form className="new-chat" onSubmit={submit}>
      <label htmlFor="new-chat-peer">Phone number or address</label>
      <input
        id="new-chat-peer"
        type="text"
        inputMode="tel"
        autoComplete="off"
        value={text}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
        autoFocus
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onCancel();
        }}
      />
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
      <div className="new-chat-actions">
        <button type="button" className="btn btn-quiet btn-small" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-small">
          Start chat
        </button>
      </div>
    </form>
  );
}
