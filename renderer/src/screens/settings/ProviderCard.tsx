import { useCallback, useEffect, useState } from 'react';
import type { ProviderBalanceView } from '../../../../shared/contract/areas/onboarding';
import { SettingsCard } from '../../components/SettingsCard';
import { useServices } from '../../state/context';
import '../welcome/welcome.css';

/**
 * Settings → Account → the provider behind your number: balance, a rate, and "Top up" (a
 * one-time page the provider makes; opened in the browser: Electron sends https to the system
 * browser, the web host opens a new tab). Shown only when a Yakker number is set up.
 */
export function ProviderCard() {
  const { api, store } = useServices();
  const [view, setView] = useState<ProviderBalanceView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [configured, setConfigured] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    void api.request('account.get', {}).then((a) => {
      const has = a.ok && a.value.configured && a.value.number !== null;
      setConfigured(has);
      if (!has) return;
      void api.request('provider.balance', {}).then((r) => {
        if (r.ok) {
          setView(r.value);
          setProblem(null);
        } else setProblem(r.error.message);
      });
    });
  }, [api]);

  useEffect(() => {
    load();
    const offAccount = api.on('account.changed', load);
    window.addEventListener('focus', load);
    return () => {
      offAccount();
      window.removeEventListener('focus', load);
    };
  }, [api, load]);

  if (!configured) return null;

  const topUp = async () => {
    setBusy(true);
    const r = await api.request('provider.topUp', {});
    setBusy(false);
    if (!r.ok) {
      store.getState().toast('error', r.error.message);
      return;
    }
    window.open(r.value.url, '_blank', 'noopener,noreferrer');
  };

  const rate = view?.rates[0];
  return (
    <SettingsCard
      title={view ? `Provider: ${view.provider.domain}` : 'Provider'}
      help="Calls to Yakker numbers are free. Calls to ordinary phones use credit."
    >
      {problem && (
        <p className="welcome-error field-help" role="alert">
          {problem}
        </p>
      )}
      {view && (
        <>
          <div className="field">
            <div className="field-text">
              <span className="field-label">Balance</span>
              <span className="provider-balance" data-testid="provider-balance">
                {view.currency} {trimZeros(view.balance)}
              </span>
            </div>
            <button className="btn" type="button" disabled={busy} onClick={() => void topUp()}>
              Top up
            </button>
          </div>
          {rate && (
            <div className="field">
              <div className="field-text">
                <span className="field-label">Calls to phones</span>
                <span className="field-help">
                  {rate.description}: {view.currency} {trimZeros(rate.perMinute)} a minute
                </span>
              </div>
            </div>
          )}
        </>
      )}
    </SettingsCard>
  );
}

/** "5.000000" → "5.00"; "0.012300" → "0.0123". */
function trimZeros(amount: string): string {
  const [whole, frac = ''] = amount.split('.');
  const kept = frac.replace(/0+$/, '').padEnd(2, '0');
  return `${whole ?? '0'}.${kept}`;
}
