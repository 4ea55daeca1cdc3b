import { ShieldAlert } from 'lucide-react';

/**
 * Like Signal's safety-number change: the contact's certificate in the directory is not the one
 * seen before. Sending waits until the user has read this and accepts the new key.
 */
export function KeyChangeNotice(props: { peerName: string; onAcknowledge: () => void }) {
  return (
    <div className="key-change" role="region" aria-label="Security key changed">
      <ShieldAlert aria-hidden="true" />
      <div>
        <p className="key-change-title">{`${props.peerName}'s security key changed`}</p>
        <p>
          This happens when they reinstall Yakker or move to a new device. It could also mean
          someone is trying to pose as them. If it matters, check with them in person or on a call
          before you continue.
        </p>
        <button type="button" className="btn btn-small" onClick={props.onAcknowledge}>
          I understand, continue
        </button>
      </div>
    </div>
  );
}
