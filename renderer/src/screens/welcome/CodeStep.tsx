import { useState } from 'react';
import type { OnboardingStatus } from '../../../../shared/contract/areas/onboarding';

/** Step 2: the 6-digit code the directory texted. */
export function CodeStep(props: {
  status: OnboardingStatus;
  busy: boolean;
  problem: string | null;
  onSubmit: (code: string) => void;
  onNewCode: () => void;
  onChangeNumber: () => void;
}) {
  const [code, setCode] = useState('');
  const { status } = props;
  const problem = props.problem ?? status.error?.message ?? null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(code);
      }}
    >
      <h1 id="welcome-title">Enter the code we sent</h1>
      <p className="welcome-lead">
        We texted a 6-digit code to <strong>{status.number}</strong>.
      </p>
      {status.simulatedPhoneUrl && (
        <p className="welcome-hint">
          This is a test network: no real text is sent. The code is on the{' '}
          <a href={status.simulatedPhoneUrl} target="_blank" rel="noreferrer">
            simulated phone page
          </a>
          .
        </p>
      )}
      <label htmlFor="welcome-code">The code</label>
      <input
        id="welcome-code"
        className="welcome-input welcome-code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        value={code}
        aria-describedby={problem ? 'welcome-code-problem' : undefined}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => {
          setCode(e.target.value.replace(/[^\d ]/g, '').slice(0, 7));
        }}
        autoFocus
      />
      {problem && (
        <p id="welcome-code-problem" className="welcome-error" role="alert">
          {problem}
        </p>
      )}
      <button
        className="btn"
        type="submit"
        disabled={props.busy || code.replace(/\s/g, '').length !== 6}
      >
        {props.busy ? 'Checking…' : 'Continue'}
      </button>
      <div className="welcome-row">
        <button className="btn btn-quiet" type="button" onClick={props.onNewCode}>
          Send a new code
        </button>
        <button className="btn btn-quiet" type="button" onClick={props.onChangeNumber}>
          Change number
        </button>
      </div>
    </form>
  );
}
