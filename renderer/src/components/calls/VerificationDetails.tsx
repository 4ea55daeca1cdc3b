import { X } from 'lucide-react';
import { useEffect, useId, useRef } from 'react';
import type { CallVerdict, DialTarget } from '../../../../shared/contract/areas/calls';
import { VerdictBadge, verdictOf } from './VerdictBadge';

const DNSSEC_WORDS = {
  secure: 'Signed and checked (secure)',
  insecure: 'Not signed (insecure)',
  bogus: 'Signed, but the signature is wrong (bogus)',
  indeterminate: 'Could not be checked (indeterminate)',
} as const;

/** Groups a SHA-256 hex fingerprint in fours so people can compare it aloud. */
function grouped(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * "Is this really them?": plain words first, then the detail (certificate fingerprint, DNSSEC,
 * address). A modal dialog: Esc or the close button returns focus to the badge.
 */
export function VerificationDetails(props: {
  peerLabel: string;
  peer: string;
  verdict: CallVerdict | null;
  target: DialTarget | null;
  onClose: () => void;
}) {
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const { onClose } = props;
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  const state = verdictOf(props.verdict, props.target);
  const fingerprint = props.verdict?.fingerprint ?? props.target?.fingerprint ?? null;
  const dnssec = props.verdict?.dnssec ?? props.target?.dnssec ?? null;
  const reason =
    props.verdict?.reason ||
    props.target?.reason ||
    (state === null ? 'Yakker is still checking who this is.' : '');
  return (
    <dialog
      ref={dialog}
      className="verify-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={onClose}
    >
      <div className="verify-head">
        <h2 id={titleId}>Is this really {props.peerLabel}?</h2>
        <button type="button" className="icon-btn" aria-label="Close details" onClick={onClose}>
          <X aria-hidden="true" />
        </button>
      </div>
      <VerdictBadge verdict={state} />
      <p className="verify-lead">
        {state === 'verified'
          ? `Their number and key check out in the signed directory: this call is end-to-end encrypted with ${props.peerLabel}'s own key.`
          : state === 'failed'
            ? 'Something did not check out (their directory entry, their key, or the call itself on its way), so Yakker blocked this call.'
            : state === 'not-verified'
              ? 'Calls work, but Yakker cannot confirm who answers.'
              : 'Yakker is checking their directory entry and key.'}
      </p>
      <dl className="verify-facts">
        <dt>Why</dt>
        <dd>{reason || '—'}</dd>
        <dt>Certificate fingerprint (SHA-256)</dt>
        <dd className="mono" aria-label={fingerprint ? `Fingerprint ${fingerprint}` : undefined}>
          {fingerprint ? grouped(fingerprint) : 'No certificate'}
        </dd>
        <dt>Directory signature (DNSSEC)</dt>
        <dd>{dnssec ? DNSSEC_WORDS[dnssec] : 'Not looked up'}</dd>
        <dt>Address</dt>
        <dd className="mono">{props.peer}</dd>
      </dl>
      <div className="verify-actions">
        <button type="button" className="btn" onClick={onClose} autoFocus>
          Done
        </button>
      </div>
    </dialog>
  );
}
