import { Loader, WifiOff, CircleAlert } from 'lucide-react';
import { Link } from 'react-router';
import { useApp } from '../state/context';

/** One line under the top of every screen when Yakker is not connected, saying why and what to do. */
export function StatusBar() {
  const status = useApp((s) => s.status);
  if (!status) return null;
  const Icon =
    status.network === 'offline'
      ? WifiOff
      : status.registration === 'connecting'
        ? Loader
        : CircleAlert;
  return (
    <div className="status-bar" data-state={status.registration} role="status" aria-live="polite">
      <Icon aria-hidden="true" />
      <span>
        {status.network === 'offline'
          ? "No internet connection. We'll send your messages when you're back online."
          : status.reason}
      </span>
      {status.registration === 'offline' && status.network === 'online' ? (
        <Link to="/settings/account">Set up</Link>
      ) : null}
    </div>
  );
}
