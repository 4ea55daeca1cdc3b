import { Check, Copy, Link2, ShieldAlert } from 'lucide-react';
import { useState, type SyntheticEvent } from 'react';
import type { Identity, PairingPath, PairingStatus } from '../../../../shared/contract/requests';
import { QrCode } from '../../components/QrCode';
import { useSecondsLeft } from '../../hooks/usePairing';
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

function mmss(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What a screen reader hears when the holder's pairing moves on. */
function announce(s: PairingStatus | null): string {
  switch (s?.state) {
    case 'waiting':
      return 'Pairing code ready. Waiting for your other device.';
    case 'confirm-needed':
      return `${s.peerName ?? 'A device'} wants to link. Type the code it shows.`;
    case 'transferring':
      return 'Sending your keys to the new device.';
    case 'done':
      return 'Device linked.';
    case 'failed':
      return `Linking stopped. ${s.error?.message ?? ''}`;
    case 'show-code':
    case undefined:
      return '';
  }
}

/** What the holder's screen says about where the other device may be. */
function pathHelp(paths: readonly string[] | undefined): string {
  return paths?.includes('relay')
    ? 'Your other device can be on another network: this code also works through your network’s relay, which only passes on encrypted data.'
    : 'Both devices need to be on the same local network.';
}

/** Holder side: show a one-time code, then let the user type the code the new device shows. */
export function LinkDevice(props: { identities: Identity[] }) {
  const { api } = useServices();
  const { status, state, problem, setProblem, reset } = usePairingSteps('holder');
  const [identityId, setIdentityId] = useState(props.identities[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const secondsLeft = useSecondsLeft(
    status?.state === 'waiting' ? status.offer?.expiresAt : undefined,
  );

  const start = async () => {
    setBusy(true);
    setProblem(null);
    setCopied(false);
    const r = await api.request('pairing.start', { identityId });
    setBusy(false);
    if (!r.ok) setProblem(r.error.message);
  };
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setProblem('Copying is not allowed here. Select the text and copy it by hand.');
    }
  };

  return (
    <PairingCard
      title="Link a device"
      help="Your other device gets a copy of your keys, encrypted from this device to that one."
      announcement={announce(status)}
      problem={problem}
    >
      {state === 'idle' ? (
        <div className="pair-step">
          {props.identities.length > 1 ? (
            <label className="pair-row">
              <span className="field-label">Share</span>
              <select
                className="text-input"
                value={identityId}
                onChange={(e) => {
                  setIdentityId(e.target.value);
                }}
              >
                {props.identities.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.tel ?? i.sip ?? i.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button type="button" className="btn" disabled={busy} onClick={() => void start()}>
            <Link2 aria-hidden="true" />
            Link a device
          </button>
        </div>
      ) : null}

      {state === 'waiting' && status?.offer ? (
        <div className="pair-step pair-offer">
          <QrCode qr={status.offer.qr} label="Pairing code as a QR code" />
          <div className="pair-offer-text">
            <p className="field-help">
              On the new device, open Settings → Devices → “I already have Yakker on another device”
              and scan this QR code with its camera, or paste this text.
            </p>
            <code className="pair-text">{status.offer.text}</code>
            <div className="pair-row">
              <button
                type="button"
                className="btn btn-quiet"
                onClick={() => void copy(status.offer?.text ?? '')}
              >
                {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
                {copied ? 'Copied' : 'Copy text'}
              </button>
              <span className="field-help" aria-live="off">
                Expires in <span className="mono">{mmss(secondsLeft)}</span>
              </span>
            </div>
            <p className="field-help">{pathHelp(status.offer.paths)}</p>
            <p className="pair-warning">
              <ShieldAlert aria-hidden="true" />
              Only link a device you are holding. Never send this code to anyone, or type a code
              someone tells you.
            </p>
            <CancelPairing />
          </div>
        </div>
      ) : null}

      {state === 'confirm-needed' ? (
        <ConfirmCode peerName={status?.peerName} via={status?.via} onProblem={setProblem} />
      ) : null}

      {state === 'transferring' ? <PairingProgress text="Sending your keys…" /> : null}

      {state === 'done' ? (
        <PairingDone onDone={reset}>
          Linked.{' '}
          {status?.identity ? `${status.identity.name} is now on your other device too.` : ''}
        </PairingDone>
      ) : null}

      {state === 'failed' && status?.error ? (
        <PairingFailed
          message={`${status.error.message}${
            status.uncertain
              ? ' The other device may or may not have finished: check it before trying again.'
              : ''
          }`}
          again="Start again"
          onReset={reset}
        />
      ) : null}
    </PairingCard>
  );
}

/** The code field: its own state, so it starts empty for every device that asks (never prefilled). */
function ConfirmCode(props: {
  peerName: string | undefined;
  via: PairingPath | undefined;
  onProblem: (p: string) => void;
}) {
  const { api } = useServices();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const confirm = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    const r = await api.request('pairing.confirm', { code });
    setBusy(false);
    if (!r.ok) props.onProblem(r.error.message);
  };
  return (
    <form className="pair-step" onSubmit={(e) => void confirm(e)}>
      <p>
        <strong>{props.peerName ?? 'A device'}</strong> wants to link with your keys.
      </p>
      <PairingVia via={props.via} />
      <label className="field-text" htmlFor="pair-code">
        <span className="field-label">Type the code shown on your other device</span>
        <span className="field-help">Six digits. If that device shows no code, don’t link.</span>
      </label>
      <div className="pair-row">
        <input
          id="pair-code"
          className="text-input mono pair-code-input"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={9}
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
          }}
        />
        <button
          type="submit"
          className="btn"
          disabled={busy || code.replace(/\D/g, '').length !== 6}
        >
          Link
        </button>
        <button
          type="button"
          className="btn btn-quiet"
          onClick={() => void api.request('pairing.deny', {})}
        >
          Don’t link
        </button>
      </div>
    </form>
  );
}
