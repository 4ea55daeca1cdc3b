import { KeyRound } from 'lucide-react';
import { useEffect, useState, type SyntheticEvent } from 'react';
import type { Identity } from '../../../../shared/contract/requests';
import { SettingsCard } from '../../components/SettingsCard';
import { useServices } from '../../state/context';

/** Groups a hex fingerprint in fours, the way people compare them aloud. */
function groupFingerprint(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
}

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; identities: Identity[] }
  | { state: 'error'; message: string };

/**
 * Your keys: each identity's number or address, its certificate fingerprint and expiry. Keys
 * live in the OS keychain; if it is missing or locked, this says so and what to do.
 */
export function KeysCard() {
  const { api } = useServices();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [number, setNumber] = useState('');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void api.request('identities.list', {}).then((result) => {
      if (live)
        setLoaded(
          result.ok
            ? { state: 'ready', identities: result.value }
            : { state: 'error', message: result.error.message },
        );
    });
    return () => {
      live = false;
    };
  }, [api, version]);

  const create = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = number.trim();
    if (!value) return;
    setBusy(true);
    setFormError(null);
    const result = await api.request(
      'identities.create',
      value.startsWith('sip') ? { sip: value } : { tel: value },
    );
    setBusy(false);
    if (result.ok) {
      setNumber('');
      setVersion((v) => v + 1);
    } else setFormError(result.error.message);
  };

  return (
    <SettingsCard
      title="Your keys"
      help={
        "Kept in your system's keychain. They never leave this computer unless you export them."
      }
    >
      {loaded.state === 'loading' ? <p className="field-help">Looking…</p> : null}
      {loaded.state === 'error' ? (
        <p className="notice" role="alert">
          {loaded.message}
        </p>
      ) : null}
      {loaded.state === 'ready' && loaded.identities.length === 0 ? (
        <p className="field-help keys-empty">
          No keys yet. One is made for you when you set up your number.
        </p>
      ) : null}
      {loaded.state === 'ready' && loaded.identities.length > 0 ? (
        <ul className="keys" aria-label="Keys">
          {loaded.identities.map((identity) => (
            <li key={identity.id} className="key-item">
              <KeyRound aria-hidden="true" />
              <div className="field-text">
                <span className="field-label">{identity.tel ?? identity.sip ?? identity.name}</span>
                <span
                  className="field-help mono"
                  aria-label={`Fingerprint ${identity.fingerprint}`}
                >
                  {groupFingerprint(identity.fingerprint)}
                </span>
                <span className="field-help">
                  Valid until {formatDate(identity.notAfter)}
                  {identity.features.includes('calls')
                    ? ''
                    : ' · can be kept and backed up, but not used for calls or messages'}
                </span>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {loaded.state === 'ready' ? (
        <form className="field keys-form" onSubmit={(e) => void create(e)}>
          <label className="field-text" htmlFor="new-key">
            <span className="field-label">Make a key</span>
            <span className="field-help">
              For a phone number (+1 555 0100) or a SIP address (sip:you@example.org).
            </span>
          </label>
          <div className="keys-form-controls">
            <input
              id="new-key"
              className="text-input"
              value={number}
              onChange={(e) => {
                setNumber(e.target.value);
              }}
              aria-describedby={formError ? 'new-key-error' : undefined}
            />
            <button type="submit" className="btn" disabled={busy || number.trim() === ''}>
              {busy ? 'Making…' : 'Make key'}
            </button>
          </div>
        </form>
      ) : null}
      {formError ? (
        <p className="notice" id="new-key-error" role="alert">
          {formError}
        </p>
      ) : null}
    </SettingsCard>
  );
}
