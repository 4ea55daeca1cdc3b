import { getCountries } from 'libphonenumber-js';
import { useState } from 'react';
import { useApp, useServices } from '../../state/context';
import { ProviderCard } from './ProviderCard';
import { SipAccountCard } from './SipAccountCard';

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' });
  } catch {
    return null;
  }
})();
const COUNTRIES = getCountries()
  .map((code) => ({ code, name: regionNames?.of(code) ?? code }))
  .sort((a, b) => a.name.localeCompare(b.name));

export function AccountSection() {
  const { store } = useServices();
  const settings = useApp((s) => s.settings);
  const [name, setName] = useState(settings?.displayName ?? '');
  if (!settings) return null;
  const saveName = () => {
    if (name !== settings.displayName)
      void store.getState().updateSettings({ displayName: name.trim().slice(0, 64) });
  };
  return (
    <>
      <h2>Account</h2>
      <p className="lead">
        Your number is your Yakker address. People who have it can call and message you, end-to-end
        encrypted.
      </p>
      <div className="card">
        <div className="field">
          <div className="field-text">
            <span className="field-label">Phone number</span>
            <span className="field-help">
              Not set up yet. Setting up your number arrives with the directory service.
            </span>
          </div>
        </div>
        <div className="field">
          <label className="field-text" htmlFor="display-name">
            <span className="field-label">Your name</span>
            <span className="field-help">Shown to people you message.</span>
          </label>
          <input
            id="display-name"
            className="text-input"
            value={name}
            maxLength={64}
            onChange={(e) => {
              setName(e.target.value);
            }}
            onBlur={saveName}
            onKeyDown={(e) => {
              if (e.key === 'Enter') saveName();
            }}
          />
        </div>
        <div className="field">
          <label className="field-text" htmlFor="country">
            <span className="field-label">Your country</span>
            <span className="field-help">
              Numbers you type without a country code are read as numbers from here.
            </span>
          </label>
          <select
            id="country"
            className="text-input"
            value={settings.defaultCountry}
            onChange={(e) =>
              void store.getState().updateSettings({ defaultCountry: e.target.value })
            }
          >
            {COUNTRIES.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ProviderCard />
      <SipAccountCard />
    </>
  );
}
