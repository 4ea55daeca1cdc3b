import { CircleAlert, Loader, WifiOff } from 'lucide-react';
import { Link } from 'react-router';
import { describeState } from '../../sip/ua-state';
import { useCalls } from '../state/calls-context';
import { useApp } from '../state/context';

/**
 * One line under the top of every screen while Yakker cannot call or message, saying why and
 * what to do: no internet (from main), else the SIP user agent's state (renderer/sip/ua-state).
 */
export function StatusBar() {
  const status = useApp((s) => s.status);
  const sip = useCalls((s) => s.sip);
  if (status?.network === 'offline')
    return (
      <div className="status-bar" data-state="offline" role="status" aria-live="polite">
        <WifiOff aria-hidden="true" />
        <span>No internet connection. We'll send your messages when you're back online.</span>
      </div>
    );
  const Icon = sip.kind === 'connecting' || sip.kind === 'connected' ? Loader : CircleAlert;
  return (
    <div
      className="status-bar"
      data-state={sip.kind === 'connected' ? 'connecting' : sip.kind}
      role="status"
      aria-live="polite"
    >
      {sip.kind === 'registered' ? null : <Icon aria-hidden="true" />}
      <span>{describeState(sip)}</span>
      {sip.kind === 'unconfigured' || (sip.kind === 'offline' && !sip.stopped) ? (
        <Link to="/settings/account">Set up</Link>
      ) : null}
    </div>
  );
}
