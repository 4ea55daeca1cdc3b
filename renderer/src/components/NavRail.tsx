import { MessageCircle, Phone, Settings, Users } from 'lucide-react';
import { NavLink } from 'react-router';
import { describeState } from '../../sip/ua-state';
import { useCalls } from '../state/calls-context';
import { useApp } from '../state/context';
import { Avatar } from './Avatar';

export const SECTIONS = [
  { to: '/chats', label: 'Chats', icon: MessageCircle, key: '1' },
  { to: '/calls', label: 'Calls', icon: Phone, key: '2' },
  { to: '/contacts', label: 'Contacts', icon: Users, key: '3' },
  { to: '/settings', label: 'Settings', icon: Settings, key: '4' },
] as const;

/** The left rail: the four sections, then you and your connection. */
export function NavRail() {
  const name = useApp((s) => s.settings?.displayName) || 'You';
  // The connection dot follows the SIP user agent (green registered, amber connecting, grey offline).
  const sip = useCalls((s) => s.sip);
  const state =
    sip.kind === 'registered'
      ? 'registered'
      : sip.kind === 'connecting' || sip.kind === 'connected'
        ? 'connecting'
        : 'offline';
  const statusText = describeState(sip);
  return (
    <aside className="rail">
      <div className="rail-brand">
        <img src="./icon.svg" alt="Yakker" />
      </div>
      <nav className="rail-nav" aria-label="Main">
        {SECTIONS.map(({ to, label, icon: Icon, key }) => (
          <NavLink key={to} to={to} className="rail-link" title={`${label} (Alt+${key})`}>
            <Icon aria-hidden="true" />
            <span>{label}</span>
          </NavLink>
        ))}
      </nav>
      <div className="rail-spacer" />
      <div className="rail-me" role="img" aria-label={`${name}. ${statusText}`} title={statusText}>
        <Avatar name={name} size={36} />
        <span className="status-dot" data-state={state} />
      </div>
    </aside>
  );
}
