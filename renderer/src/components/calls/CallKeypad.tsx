const TONES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** The in-call keypad: each key sends one DTMF tone in the audio (RFC 4733). */
export function CallKeypad(props: { onTone: (tone: string) => void; sent: string }) {
  return (
    <div className="call-keypad">
      <div className="call-keypad-sent" aria-live="polite" aria-label="Tones sent">
        {props.sent}
      </div>
      <div className="keypad" role="group" aria-label="Call keypad">
        {TONES.map((tone) => (
          <button
            key={tone}
            type="button"
            className="key"
            aria-label={tone === '*' ? 'Send star' : tone === '#' ? 'Send pound' : `Send ${tone}`}
            onClick={() => {
              props.onTone(tone);
            }}
          >
            <span className="key-digit">{tone}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
