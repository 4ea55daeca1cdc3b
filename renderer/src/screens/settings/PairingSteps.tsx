import { Check } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { PairingPath, PairingStatus } from '../../../../shared/contract/requests';
import { SettingsCard } from '../../components/SettingsCard';
import { usePairing } from '../../hooks/usePairing';
import { useServices } from '../../state/context';

/**
 * The step scaffolding both sides of pairing share (LinkDevice, JoinDevice): the card with its
 * screen-reader announcement and problem notice, the progress, done and failed steps, the
 * path a session travels, and Cancel.
 */

/** One role's pairing status, plus a problem from a request that failed before any status. */
export function usePairingSteps(role: PairingStatus['role']) {
  const [status, setStatus] = usePairing(role);
  const [problem, setProblem] = useState<string | null>(null);
  const reset = () => {
    setStatus(null);
    setProblem(null);
  };
  return { status, state: status?.state ?? 'idle', problem, setProblem, reset };
}

export function PairingCard(props: {
  title: string;
  help: string;
  /** What a screen reader hears when the step changes. */
  announcement: string;
  problem: string | null;
  children: ReactNode;
}) {
  return (
    <SettingsCard title={props.title} help={props.help} className="pairing">
      <p className="visually-hidden" role="status" aria-live="polite">
        {props.announcement}
      </p>
      {props.children}
      {props.problem ? (
        <p className="notice" role="alert">
          {props.problem}
        </p>
      ) : null}
    </SettingsCard>
  );
}

/** Says how the two devices are connected, once they are. */
export function PairingVia(props: { via: PairingPath | undefined }) {
  if (props.via === undefined) return null;
  return (
    <p className="field-help">
      {props.via === 'relay'
        ? 'Connected through your network’s relay. It passes on encrypted data only.'
        : 'Connected directly on your local network.'}
    </p>
  );
}

export function PairingProgress(props: { text: string }) {
  return <p className="pair-step field-help">{props.text}</p>;
}

/** The success line (`children`), what else there is to say (`more`), and Done. */
export function PairingDone(props: { children: ReactNode; more?: ReactNode; onDone: () => void }) {
  return (
    <div className="pair-step">
      <p className="pair-ok">
        <Check aria-hidden="true" />
        {props.children}
      </p>
      {props.more}
      <button type="button" className="btn btn-quiet" onClick={props.onDone}>
        Done
      </button>
    </div>
  );
}

export function PairingFailed(props: { message: string; again: string; onReset: () => void }) {
  return (
    <div className="pair-step">
      <p className="notice" role="alert">
        {props.message}
      </p>
      <button type="button" className="btn btn-quiet" onClick={props.onReset}>
        {props.again}
      </button>
    </div>
  );
}

/** Ends this device's pairing (both roles: main cancels whichever runs). */
export function CancelPairing() {
  const { api } = useServices();
  return (
    <button
      type="button"
      className="btn btn-quiet"
      onClick={() => void api.request('pairing.cancel', {})}
    >
      Cancel
    </button>
  );
}
