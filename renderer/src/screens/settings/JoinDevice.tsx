import { Camera, Download } from 'lucide-react';
import { useRef, useState, type ReactNode, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import type { PairingStatus } from '../../../../shared/contract/requests';
import { QrScanner } from '../../components/QrScanner';
import { useServices } from '../../state/context';
import {
  CancelPairing,
  PairingCard,
  PairingDone,
  PairingFailed,
  PairingProgress,
  PairingVia,
  usePairingSteps,
} from './PairingSteps';

function announce(s: PairingStatus | null): string {
  switch (s?.state) {
    case 'show-code':
      return `Type ${s.code?.split('').join(' ') ?? ''} on ${s.peerName ?? 'your other device'}.`;
    case 'transferring':
      return 'Receiving your keys.';
    case 'done':
      return 'This device is linked.';
    case 'failed':
      return `Linking stopped. ${s.error?.message ?? ''}`;
    case 'waiting':
    case 'confirm-needed':
    case undefined:
      return '';
  }
}

const PAIRING_PREFIX = 'YAKKER-PAIR:';

/**
 * New-device side: scan the QR code the other device shows (or paste its text), then show the
 * code to type there. Both ways send the same `pairing.join` request. `onDone` runs after the
 * user presses Done on a linked device (the welcome wizard goes into the app). `back` (the
 * wizard's way back to its first step) shows only before linking starts or after it failed: not
 * while it runs (Cancel is there) and not once the device is linked.
 */
export function JoinDevice(props: { onDone?: () => void; back?: ReactNode } = {}) {
  const { api } = useServices();
  const { status, state, problem, setProblem, reset } = usePairingSteps('joiner');
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);
  const scanButton = useRef<HTMLButtonElement>(null);

  const joinWith = async (pairingText: string) => {
    setBusy(true);
    setProblem(null);
    const r = await api.request('pairing.join', {
      text: pairingText,
      ...(name.trim() ? { deviceName: name.trim() } : {}),
    });
    setBusy(false);
    if (r.ok) setText('');
    else setProblem(r.error.message);
  };
  const join = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    void joinWith(text);
  };
  const stopScanning = () => {
    setScanning(false);
    // The scanner's buttons go away with it: give focus back to the button that opened it.
    requestAnimationFrame(() => scanButton.current?.focus());
  };
  const scanned = async (pairingText: string) => {
    // The scanner stays on "Code found" (camera already off) until the request has answered.
    await joinWith(pairingText);
    setScanning(false);
  };
  return (
    <>
      <PairingCard
        title="I already have Yakker on another device"
        help="Bring your keys here from it. On that device, choose “Link a device” first."
        announcement={announce(status)}
        problem={problem}
      >
        {state === 'idle' ? (
          <div className="pair-step">
            <label className="field-text" htmlFor="pair-name">
              <span className="field-label">Name of this device</span>
              <span className="field-help">Shown on your other device, e.g. “Kitchen laptop”.</span>
            </label>
            <input
              id="pair-name"
              className="text-input"
              maxLength={64}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
              }}
            />
            {scanning ? (
              <QrScanner
                prefix={PAIRING_PREFIX}
                onFound={(t) => void scanned(t)}
                onCancel={stopScanning}
              />
            ) : (
              <button
                ref={scanButton}
                type="button"
                className="btn"
                disabled={busy}
                onClick={() => {
                  setProblem(null);
                  setScanning(true);
                }}
              >
                <Camera aria-hidden="true" />
                Scan the code with your camera
              </button>
            )}
            <form className="pair-step pair-paste-form" onSubmit={join}>
              <label className="field-text" htmlFor="pair-paste">
                <span className="field-label">Pairing text from your other device</span>
                <span className="field-help">
                  Or paste its text: it starts with YAKKER-PAIR. Copy it there and paste it here.
                </span>
              </label>
              <textarea
                id="pair-paste"
                className="text-input pair-paste mono"
                rows={3}
                spellCheck={false}
                autoComplete="off"
                value={text}
                onChange={(e) => {
                  setText(e.target.value);
                }}
              />
              <button type="submit" className="btn" disabled={busy || !text.trim()}>
                <Download aria-hidden="true" />
                {busy ? 'Connecting…' : 'Join'}
              </button>
            </form>
          </div>
        ) : null}

        {state === 'show-code' ? (
          <div className="pair-step">
            <p>
              On <strong>{status?.peerName ?? 'your other device'}</strong>, type this code:
            </p>
            <p
              className="pair-sas mono"
              aria-label={`Code ${status?.code?.split('').join(' ') ?? ''}`}
            >
              {status?.code?.replace(/^(\d{3})(\d{3})$/, '$1 $2')}
            </p>
            <PairingVia via={status?.via} />
            <p className="field-help">Waiting for you to confirm there…</p>
            <CancelPairing />
          </div>
        ) : null}

        {state === 'transferring' ? <PairingProgress text="Receiving your keys…" /> : null}

        {state === 'done' ? (
          <PairingDone
            onDone={() => {
              reset();
              props.onDone?.();
            }}
            more={
              <p className="field-help">
                Your key is in this computer’s keychain: see{' '}
                <Link to="/settings/advanced">Settings → Advanced</Link>.
              </p>
            }
          >
            This device is linked{status?.identity ? ` as ${status.identity.name}` : ''}.
          </PairingDone>
        ) : null}

        {state === 'failed' ? (
          <PairingFailed
            message={status?.error?.message ?? 'Linking stopped.'}
            again="Try again"
            onReset={reset}
          />
        ) : null}
      </PairingCard>
      {state === 'idle' || state === 'failed' ? props.back : null}
    </>
  );
}
