import { useEffect, useId, useState, type SyntheticEvent } from 'react';
import '../../components/calls/calls.css';
import type { Account, NetworkInfo } from '../../../../shared/contract/areas/account';
import { describeState } from '../../../sip/ua-state';
import { SettingsCard } from '../../components/SettingsCard';
import { useCalls } from '../../state/calls-context';
import { useServices } from '../../state/context';

/**
 * Settings → Account → "Calling account": the SIP address, user name and password the provider
 * gave (account.set; the password goes to the keychain), what is configured now (account.get),
 * the network in use (network.get), and whether the provider accepted us.
 */
export function SipAccountCard() {
  const { api, store } = useServices();
  const sip = useCalls((s) => s.sip);
  const [account, setAccount] = useState<Account | null>(null);
  const [network, setNetwork] = useState<NetworkInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [aor, setAor] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [saving, setSaving] = useState(false);
  const ids = { aor: useId(), user: useId(), pass: useId(), error: useId() };

  useEffect(() => {
    const load = () => {
      void api.request('account.get', {}).then((r) => {
        if (!r.ok) return;
        setAccount(r.value);
        if (r.value.aor) setAor(r.value.aor);
      });
    };
    load();
    void api.request('network.get', {}).then((r) => {
      if (r.ok) setNetwork(r.value);
    });
    return api.on('account.changed', (a) => {
      setAccount(a);
    });
  }, [api]);

  const save = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    setSaving(true);
    const r = await api.request('account.set', {
      aor: aor.trim(),
      username: username.trim() || userOf(aor),
      password,
    });
    setSaving(false);
    if (!r.ok) {
      setProblem(r.error.message);
      return;
    }
    setAccount(r.value);
    setPassword('');
    store.getState().toast('info', 'Calling account saved.');
  };

  const remove = async () => {
    const r = await api.request('account.clear', {});
    if (!r.ok) store.getState().toast('error', r.error.message);
    else
      setAccount((a) =>
        a ? { ...a, configured: false, aor: null, number: null, domain: null } : a,
      );
  };

  return (
    <SettingsCard
      title="Calling account"
      help="The address, user name and password your provider gave you. The password stays in your system keychain."
    >
      <dl className="account-facts">
        <dt>Status</dt>
        <dd data-sip-state={sip.kind}>{describeState(sip)}</dd>
        <dt>Your address</dt>
        <dd className="mono">{account?.configured ? (account.aor ?? '') : 'Not set up'}</dd>
        {account?.number ? (
          <>
            <dt>Number</dt>
            <dd>{account.number}</dd>
          </>
        ) : null}
        <dt>Network</dt>
        <dd>
          {network
            ? `${network.name}${network.dnsServer ? ` (directory server ${network.dnsServer})` : ''}`
            : 'Unknown'}
        </dd>
      </dl>
      <form className="account-form" onSubmit={(e) => void save(e)} aria-describedby={ids.error}>
        <label htmlFor={ids.aor}>Address (SIP)</label>
        <input
          id={ids.aor}
          className="text-input"
          value={aor}
          placeholder="sip:+15550100@provider.example"
          autoComplete="username"
          required
          onChange={(e) => {
            setAor(e.target.value);
          }}
        />
        <label htmlFor={ids.user}>User name</label>
        <input
          id={ids.user}
          className="text-input"
          value={username}
          placeholder={userOf(aor) || 'Often your number'}
          autoComplete="off"
          onChange={(e) => {
            setUsername(e.target.value);
          }}
        />
        <label htmlFor={ids.pass}>Password</label>
        <input
          id={ids.pass}
          className="text-input"
          type="password"
          value={password}
          minLength={8}
          required
          autoComplete="current-password"
          onChange={(e) => {
            setPassword(e.target.value);
          }}
        />
        <div className="account-actions">
          <button type="submit" className="btn" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          {account?.configured ? (
            <button type="button" className="btn btn-quiet" onClick={() => void remove()}>
              Remove account
            </button>
          ) : null}
        </div>
        <p id={ids.error} className="account-error" role="alert">
          {problem}
        </p>
      </form>
    </SettingsCard>
  );
}

/** The user part of a SIP address (the usual digest user name). */
function userOf(aor: string): string {
  return /^(?:sips?:)?([^@;]+)@/.exec(aor.trim())?.[1] ?? '';
}
