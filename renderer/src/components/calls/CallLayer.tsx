import type { ReactNode } from 'react';
import { useCalls } from '../../state/calls-context';
import { CallScreen } from './CallScreen';
import { IncomingCall } from './IncomingCall';

/**
 * What calls add to every screen: the ringing banner above the content, and the call screen
 * in place of the content while a call is placed, answered or just ended.
 */
export function CallLayer(props: { children: ReactNode }) {
  const call = useCalls((s) => s.call);
  if (call?.direction === 'incoming' && call.phase === 'checking') return <>{props.children}</>;
  if (call?.phase === 'ringing')
    return (
      <>
        <IncomingCall call={call} />
        {props.children}
      </>
    );
  if (call) return <CallScreen call={call} />;
  return <>{props.children}</>;
}
