import { AsYouType, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { Delete, Phone } from 'lucide-react';
import { useRef, useState, type SyntheticEvent } from 'react';
import { markCallSetup } from '../../sip/call-timing';
import { useDialTarget } from '../hooks/useDialTarget';
import { useCallServices } from '../state/calls-context';
import { useApp, useServices } from '../state/context';
import { DialTargetLine } from './calls/DialTargetLine';

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
  const resolution = useDialTarget(value);
  const { calls } = useCallServices();
  const [placing, setPlacing] = useState(false);

  const press = (key: string) => {
    setValue((v) => v + key);
    input.current?.focus();
  };
  /** Enter or the call button: calls what was resolved (resolving now if typing just ended). */
  const submit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = value.trim();
    if (typed === '' || placing) return;
    markCallSetup('submit');
    setPlacing(true);
    // The microphone opens while the number is looked up: the call then need not wait for it.
    calls.prepareMicrophone();
    try {
      let target =
        resolution.state === 'done' && resolution.input === typed ? resolution.target : null;
      if (!target) {
        const r = await api.request('calls.resolve', { target: typed });
        if (!r.ok) {
          calls.releasePreparedMicrophone();
          store.getState().toast('error', r.error.message);
          return;
        }
        target = r.value;
      }
      const problem = await calls.dial(target);
      if (problem) store.getState().toast('error', problem);
    } finally {
      setPlacing(false);
    }
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
        aria-describedby="dialer-hint dialer-target"
      />
      <div id="dialer-hint" className="dialer-hint" aria-live="polite">
        {/* Once the directory knows the target, its answer below says more than the format. */}
        {resolution.state === 'done' &&
        (resolution.target.kind === 'yakker' || resolution.target.kind === 'sip')
          ? ''
          : hint}
      </div>
      <DialTargetLine resolution={resolution} />
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
        <button
          type="submit"
          className="call-btn"
          aria-label="Call"
          disabled={value.trim() === '' || placing}
        >
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
