import { CircleCheck } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { OnboardingStatus } from '../../../../shared/contract/areas/onboarding';
import { useApp, useServices } from '../../state/context';
import { JoinDevice } from '../settings/JoinDevice';
import { CodeStep } from './CodeStep';
import { NumberStep } from './NumberStep';
import './welcome.css';

type View = 'number' | 'code' | 'done' | 'join';

const STEPS: { view: View; label: string }[] = [
  { view: 'number', label: 'Your number' },
  { view: 'code', label: 'The code' },
  { view: 'done', label: 'Done' },
];

function viewOf(status: OnboardingStatus): View {
  if (status.phase === 'done') return 'done';
  if (status.phase === 'code-sent' || status.phase === 'verified') return 'code';
  return 'number';
}

/**
 * First run (ui.md): your number → the code we sent → done. "I already have Yakker on another
 * device" opens the join flow; "More → I have a SIP account" goes to Settings → Account.
 * Where the sign-up stands lives in main (onboarding.status), so a restart resumes it.
 */
export function WelcomeScreen() {
  const { api } = useServices();
  const navigate = useNavigate();
  const country = useApp((s) => s.settings?.defaultCountry ?? 'US');
  const [status, setStatus] = useState<OnboardingStatus | null>(null);
  const [view, setView] = useState<View>('number');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.request('onboarding.status', {}).then((r) => {
      if (!live || !r.ok) return;
      setStatus(r.value);
      // A late answer must not undo a choice the user already made (e.g. "I already have Yakker").
      setView((current) => (current === 'number' ? viewOf(r.value) : current));
    });
    const off = api.on('onboarding.changed', (s) => {
      setStatus(s);
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);

  const run = async (
    call: () => ReturnType<typeof api.request<'onboarding.start'>>,
  ): Promise<void> => {
    setBusy(true);
    setProblem(null);
    const r = await call();
    setBusy(false);
    if (!r.ok) {
      setProblem(r.error.message);
      return;
    }
    setStatus(r.value);
    setView(viewOf(r.value));
  };

  const later = async (to: string) => {
    await api.request('onboarding.later', {});
    void navigate(to, { replace: true });
  };

  const current = STEPS.findIndex((s) => s.view === view);
  return (
    <div className="welcome">
      <main className="welcome-panel" aria-labelledby="welcome-title">
        {view !== 'join' && (
          <ol className="welcome-steps" aria-label="Setting up">
            {STEPS.map((s, i) => (
              <li
                key={s.view}
                aria-current={i === current ? 'step' : undefined}
                className={i < current ? 'welcome-step-done' : undefined}
              >
                {s.label}
              </li>
            ))}
          </ol>
        )}
        {view === 'number' && (
          <NumberStep
            country={country}
            initial={status?.number ?? ''}
            busy={busy}
            problem={
              problem ?? (status?.phase === 'locked' ? (status.error?.message ?? null) : null)
            }
            onSubmit={(number) => void run(() => api.request('onboarding.start', { number }))}
          />
        )}
        {view === 'code' && status && (
          <CodeStep
            status={status}
            busy={busy}
            problem={problem}
            onSubmit={(code) => void run(() => api.request('onboarding.verify', { code }))}
            onNewCode={() =>
              void run(() => api.request('onboarding.start', { number: status.number ?? '' }))
            }
            onChangeNumber={() => void run(() => api.request('onboarding.cancel', {}))}
          />
        )}
        {view === 'code' && status?.phase === 'verified' && (
          <button
            className="btn"
            type="button"
            disabled={busy}
            onClick={() => void run(() => api.request('onboarding.verify', {}))}
          >
            Finish setting up
          </button>
        )}
        {view === 'done' && (
          <>
            <CircleCheck className="welcome-done-icon" aria-hidden="true" />
            <h1 id="welcome-title">You're all set</h1>
            <p className="welcome-lead">
              People can now call and message <strong>{status?.number}</strong> on Yakker,
              end-to-end encrypted{status?.provider ? `, through ${status.provider.domain}` : ''}.
            </p>
            <button
              className="btn"
              type="button"
              onClick={() => void navigate('/chats', { replace: true })}
            >
              Start using Yakker
            </button>
          </>
        )}
        {view === 'join' && (
          <>
            <h1 id="welcome-title">Link this device</h1>
            <JoinDevice
              onDone={() => void navigate('/chats', { replace: true })}
              back={
                <button
                  className="btn btn-quiet"
                  type="button"
                  onClick={() => {
                    setView('number');
                  }}
                >
                  Back
                </button>
              }
            />
          </>
        )}
        {(view === 'number' || view === 'code') && (
          <div className="welcome-alt">
            <button
              className="btn btn-quiet"
              type="button"
              onClick={() => {
                setView('join');
              }}
            >
              I already have Yakker on another device
            </button>
            <details>
              <summary>More</summary>
              <div className="welcome-row">
                <button
                  className="btn btn-quiet"
                  type="button"
                  onClick={() => void later('/settings/account')}
                >
                  I have a SIP account
                </button>
                <button
                  className="btn btn-quiet"
                  type="button"
                  onClick={() => void later('/chats')}
                >
                  Set up later
                </button>
              </div>
            </details>
          </div>
        )}
      </main>
    </div>
  );
}
