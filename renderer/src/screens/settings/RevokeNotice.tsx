import type { RevokeStatus } from '../../../../shared/contract/areas/devices';

/** Groups a hex fingerprint in fours, the way people compare them aloud. */
function groupFingerprint(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

/** Finished within the last day: still worth saying after a restart (it may have resumed then). */
function recent(iso: string | null): boolean {
  return iso !== null && Date.now() - Date.parse(iso) < 86_400_000;
}

/** An error message as a sentence: capital first letter, full stop at the end. */
function sentence(message: string): string {
  const text = message.trim();
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

const STEP: Record<RevokeStatus['phase'], string> = {
  idle: '',
  started: 'Making a new key…',
  'key-made': 'Putting the new key in the directory…',
  published: 'Switching this device to the new key…',
  done: '',
};

/**
 * Where a device removal stands (docs/pairing.md §13): the step under way, a failure with what
 * happened and "Try again" (nothing is lost; it also resumes when Yakker starts), or, once it
 * finished (in this session, or within the last day), the new security code.
 */
export function RevokeNotice(props: {
  status: RevokeStatus;
  busy: boolean;
  finishedNow: boolean;
  onRetry: () => void;
}) {
  const { status } = props;
  const name = status.deviceName ?? 'the device';
  if (status.phase === 'done') {
    if (!props.finishedNow && !recent(status.finishedAt)) return null;
    return (
      <div className="notice notice-text" role="status">
        <p>
          {name} is signed out. Your security code changed: the people you talk to will see a notice
          that your key is new.
        </p>
        {status.newFingerprint ? (
          <p>
            Your new security code:{' '}
            <span className="mono" aria-label={`Fingerprint ${status.newFingerprint}`}>
              {groupFingerprint(status.newFingerprint)}
            </span>
          </p>
        ) : null}
      </div>
    );
  }
  if (status.phase === 'idle') return null;
  if (status.error === null || props.busy)
    return (
      <p className="notice" role="status">
        Removing {name}: {STEP[status.phase]}
      </p>
    );
  return (
    <div className="notice notice-text" role="alert">
      <p>
        Removing {name} is not finished. {sentence(status.error.message)}
      </p>
      <p>Nothing is lost. Yakker tries again when it starts, or you can try now.</p>
      <button type="button" className="btn" disabled={props.busy} onClick={props.onRetry}>
        Try again
      </button>
    </div>
  );
}
