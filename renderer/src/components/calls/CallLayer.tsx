import type { ReactNode } from 'react';
import { useCalls } from '../../state/calls-context';
import { CallScreen } from './CallScreen';
import { IncomingCall } from './IncomingCall';

/**
 * What calls add to every screen: the ringing banner above the content, and the call screen
 * in place of the content while a call is placed, answered or just ended. The content stays
 * mounted (hidden during a call), at the same place in the tree whatever the call does: the
 * screen is neither rebuilt when a call rings or starts, which would hold up the call's setup
 * behind a re-render of the whole screen, nor loses what was typed in it when the call ends.
 */
export function CallLayer(props: { children: ReactNode }) {
  const call = useCalls((s) => s.call);
  const ringing = call?.phase === 'ringing' ? call : null;
  const checking = call?.direction === 'incoming' && call.phase === 'checking';
  const onCall = call !== null && ringing === null && !checking ? call : null;
  return (
    <>
      {ringing ? <IncomingCall call={ringing} /> : null}
      {onCall ? <CallScreen call={onCall} /> : null}
      <div className="call-layer-content" hidden={onCall !== null}>
        {props.children}
      </div>
    </>
  );
}
