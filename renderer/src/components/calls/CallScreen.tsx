import { Grid3x3, Mic, MicOff, Pause, PhoneOff, Play, Settings2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useCallServices } from '../../state/calls-context';
import type { CallView } from '../../state/calls-store';
import { PeerAvatar } from './PeerAvatar';
import { AudioDevicePicker } from './AudioDevicePicker';
import { CallKeypad } from './CallKeypad';
import { CallTimer } from './CallTimer';
import { VerdictBadge, verdictOf } from './VerdictBadge';
import { VerificationDetails } from './VerificationDetails';
import './calls.css';

function phaseWords(call: CallView): string {
  switch (call.phase) {
    case 'checking':
      return 'Checking who is calling…';
    case 'ringing':
      return 'Incoming call';
    case 'calling':
      return 'Calling…';
    case 'alerting':
      return 'Ringing…';
    case 'active':
      return call.held ? 'On hold' : call.heldByPeer ? 'They put you on hold' : 'Connected';
    case 'ended':
      return call.endReason ?? 'Call ended';
  }
}

/** The call in progress: who, the trust badge with its details, timer, controls, hang up. */
export function CallScreen(props: { call: CallView }) {
  const { call } = props;
  const { calls } = useCallServices();
  const [details, setDetails] = useState(false);
  const [keypad, setKeypad] = useState(false);
  const [devices, setDevices] = useState(false);
  const hangUp = useRef<HTMLButtonElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const active = call.phase === 'active';
  const ended = call.phase === 'ended';
  const verdict = verdictOf(call.verdict, call.target);
  // A blocked outgoing call stays until closed (CallManager.dismiss).
  const blocked = ended && call.direction === 'outgoing' && call.verdict?.state === 'failed';
  useEffect(() => {
    hangUp.current?.focus();
  }, []);
  useEffect(() => {
    if (blocked) close.current?.focus();
  }, [blocked]);
  return (
    <section className="call-screen" aria-labelledby="call-peer" data-phase={call.phase}>
      <div className="call-who">
        <PeerAvatar name={call.peerLabel} size={96} />
        <h1 id="call-peer" className="call-peer">
          {call.peerLabel}
        </h1>
        <button
          type="button"
          className="call-badge-btn"
          aria-label={`Verification details: ${verdict === null ? 'checking' : verdict === 'verified' ? 'verified' : verdict === 'failed' ? "can't verify — call blocked" : 'not verified'}`}
          onClick={() => {
            setDetails(true);
          }}
        >
          <VerdictBadge verdict={verdict} />
        </button>
        <p className="call-state" role="status" aria-live="polite">
          {phaseWords(call)}
        </p>
        {active && call.answeredAt !== null ? <CallTimer since={call.answeredAt} /> : null}
      </div>
      {keypad && active ? (
        <CallKeypad
          sent={call.dtmfSent}
          onTone={(tone) => {
            calls.sendDtmf(tone);
          }}
        />
      ) : null}
      {devices ? <AudioDevicePicker /> : null}
      <div className="call-controls" role="group" aria-label="Call controls">
        <button
          type="button"
          className="call-ctl"
          aria-pressed={call.muted}
          disabled={!active}
          onClick={() => {
            calls.toggleMute();
          }}
        >
          {call.muted ? <MicOff aria-hidden="true" /> : <Mic aria-hidden="true" />}
          <span>{call.muted ? 'Unmute' : 'Mute'}</span>
        </button>
        <button
          type="button"
          className="call-ctl"
          aria-pressed={call.held}
          disabled={!active}
          onClick={() => {
            calls.toggleHold();
          }}
        >
          {call.held ? <Play aria-hidden="true" /> : <Pause aria-hidden="true" />}
          <span>{call.held ? 'Resume' : 'Hold'}</span>
        </button>
        <button
          type="button"
          className="call-ctl"
          aria-pressed={keypad}
          disabled={!active}
          onClick={() => {
            setKeypad((k) => !k);
          }}
        >
          <Grid3x3 aria-hidden="true" />
          <span>Keypad</span>
        </button>
        <button
          type="button"
          className="call-ctl"
          aria-pressed={devices}
          disabled={ended}
          onClick={() => {
            setDevices((d) => !d);
          }}
        >
          <Settings2 aria-hidden="true" />
          <span>Audio</span>
        </button>
      </div>
      {blocked ? (
        <button
          ref={close}
          type="button"
          className="btn call-close"
          onClick={() => {
            calls.dismiss();
          }}
        >
          Close
        </button>
      ) : (
        <button
          ref={hangUp}
          type="button"
          className="hangup-btn"
          aria-label="Hang up"
          disabled={ended}
          onClick={() => {
            calls.hangUp();
          }}
        >
          <PhoneOff aria-hidden="true" />
        </button>
      )}
      {details ? (
        <VerificationDetails
          peerLabel={call.peerLabel}
          peer={call.peer}
          verdict={call.verdict}
          target={call.target}
          onClose={() => {
            setDetails(false);
          }}
        />
      ) : null}
    </section>
  );
}
