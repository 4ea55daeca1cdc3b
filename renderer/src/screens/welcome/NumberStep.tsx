import { AsYouType, type CountryCode } from 'libphonenumber-js';
import { useState } from 'react';

/** Step 1: the person's number, formatted as they type (country default from the settings). */
export function NumberStep(props: {
  country: string;
  initial: string;
  busy: boolean;
  problem: string | null;
  onSubmit: (number: string) => void;
}) {
  const [typed, setTyped] = useState(() => format(props.initial, props.country));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(typed);
      }}
    >
      <h1 id="welcome-title">What's your number?</h1>
      <p className="welcome-lead">
        It becomes your Yakker address. We'll text you a code to check it's yours.
      </p>
      <label htmlFor="welcome-number">Your phone number</label>
      <input
        id="welcome-number"
        className="welcome-input"
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        placeholder="+1 555 0123"
        value={typed}
        aria-describedby={props.problem ? 'welcome-number-problem' : undefined}
        aria-invalid={props.problem ? true : undefined}
        onChange={(e) => {
          setTyped(format(e.target.value, props.country));
        }}
        autoFocus
      />
      {props.problem && (
        <p id="welcome-number-problem" className="welcome-error" role="alert">
          {props.problem}
        </p>
      )}
      <button className="btn" type="submit" disabled={props.busy || typed.trim() === ''}>
        {props.busy ? 'Sending…' : 'Send me a code'}
      </button>
    </form>
  );
}

/** As-you-type formatting; deleting a formatting character must stay possible. */
function format(text: string, country: string): string {
  if (text.trim() === '') return '';
  const digits = text.replace(/[^\d+]/g, '');
  if (digits.length < 2) return text;
  return new AsYouType(country as CountryCode).input(digits);
}
