import { AsYouType, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { Delete, Phone } from 'lucide-react';
import { useRef, useState, type SyntheticEvent } from 'react';
import { useApp, useServices } from '../state/context';

const KEYS = [
  ['1', ''],
  ['2', 'ABC'],
  ['3', 'DEF'],
  ['4', 'GHI'],
  ['5', 'JKL'],
  ['6', 'MNO'],
  ['7', 'PQRS'],
  ['8', 'TUV'],
  ['9', 'WXYZ'],
  ['*', ''],
  ['0', '+'],
  ['#', ''],
] as const;

/** Says in plain words what the number is, while typing. */
function describeNumber(raw: string, country: CountryCode): string {
  if (raw.trim() === '') return 'Type a phone number or a name';
  if (/[a-z@]/i.test(raw)) return 'Internet address';
  const parsed = parsePhoneNumberFromString(raw, country);
  if (!parsed) return '';
  if (!parsed.isValid())
    return parsed.isPossible() ? 'Keep typing…' : 'This does not look like a phone number yet';
  return parsed.country && parsed.country !== country
    ? `Phone number in ${regionName(parsed.country)}`
    : 'Phone number';
}

function regionName(code: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The dialer: a large number field that formats as you type, a keypad, and the call button. */
export function Dialer() {
  const { api, store } = useServices();
  const country = (useApp((s) => s.settings?.defaultCountry) ?? 'US') as CountryCode;
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const formatted = /[a-z@]/i.test(value) ? value : new AsYouType(country).input(value);
  const hint = describeNumber(value, country);

  const press = (key: string) => {
    setValue((v) => v + key);
    input.current?.focus();
  };
  const submit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (value.trim() === '') return;
    const result = await api.request('calls.dial', { target: value.trim() });
    if (!result.ok) store.getState().toast('error', result.error.message);
  };

  return (
    <form className="dialer" onSubmit={(e) => void submit(e)} aria-label="Dial a number">
      <label htmlFor="dialer-number" className="visually-hidden">
        Phone number or address
      </label>
      <input
        id="dialer-number"
        ref={input}
        autoFocus
        className="dialer-field"
        inputMode="tel"
        autoComplete="off"
        placeholder="Enter a number"
        value={formatted}
        onChange={(e) => {
          setValue(e.target.value.replace(/[^\d+*#a-z@.:_-]/gi, ''));
        }}
        aria-describedby="dialer-hint"
      />
      <div id="dialer-hint" className="dialer-hint" aria-live="polite">
        {hint}
      </div>
      <div className="keypad" role="group" aria-label="Keypad">
        {KEYS.map(([digit, letters]) => (
          <button
            key={digit}
            type="button"
            className="key"
            onClick={() => {
              press(digit);
            }}
            aria-label={digit === '*' ? 'star' : digit === '#' ? 'pound' : undefined}
          >
            <span className="key-digit">{digit}</span>
            <span className="key-letters" aria-hidden="true">
              {letters}
            </span>
          </button>
        ))}
      </div>
      <div className="dialer-actions">
        <span />
        <button type="submit" className="call-btn" aria-label="Call" disabled={value.trim() === ''}>
          <Phone aria-hidden="true" />
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-label="Delete last digit"
          disabled={value === ''}
          onClick={() => {
            setValue((v) => v.slice(0, -1));
            input.current?.focus();
          }}
        >
          <Delete aria-hidden="true" />
        </button>
      </div>
    </form>
  );
}
