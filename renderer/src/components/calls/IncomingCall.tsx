import { Phone, PhoneOff } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useCallServices } from '../../state/calls-context';
import type { CallView } from '../../state/calls-store';
import { PeerAvatar } from './PeerAvatar';
import { VerdictBadge, verdictOf } from './VerdictBadge';
import './calls.css';

/** The full-width ringing banner: who, the trust badge, Accept / Decline (announced). */
export function IncomingCall(props: { call: CallView }) {
  const { call } = props;
  const { calls } = useCallServices();
  const accept = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    accept.current?.focus();
  }, []);
  const verdict = verdictOf(call.verdict, null);
  return (
    <section
      className="incoming"
      role="alertdialog"
      aria-labelledby="incoming-title"
      aria-describedby="incoming-who"
    >
      <PeerAvatar name={call.peerLabel} size={48} />
      <div className="incoming-text">
        <h2 id="incoming-title">Incoming call</h2>
        <p id="incoming-who">
          <span className="incoming-name">{call.peerLabel}</span> <VerdictBadge verdict={verdict} />
        </p>
      </div>
      <button
        type="button"
        className="incoming-btn incoming-decline"
        onClick={() => {
          calls.decline();
        }}
      >
        <PhoneOff aria-hidden="true" />
        Decline
      </button>
      <button
        ref={accept}
        type="button"
        className="incoming-btn incoming-accept"
        onClick={() => {
          calls.answer();
        }}
      >
        <Phone aria-hidden="true" />
        Accept
      </button>
    </section>
  );
}
