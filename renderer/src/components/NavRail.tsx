import { MessageCircle, Phone, Settings, Users } from 'lucide-react';
import { NavLink } from 'react-router';
import { useApp } from '../state/context';
import { Avatar } from './Avatar';

export const SECTIONS = [
  { to: '/chats', label: 'Chats', icon: MessageCircle, key: '1' },
  { to: '/calls', label: 'Calls', icon: Phone, key: '2' },
  { to: '/contacts', label: 'Contacts', icon: Users, key: '3' },
  { to: '/settings', label: 'Settings', icon: Settings, key: '4' },
] as const;

const STATE_TEXT = {
  registered: 'Connected',
  connecting: 'Connecting…',
  offline: 'Offline',
} as const;

/** The left rail: the four sections, then you and your connection. */
export function NavRail() {
  const status = useApp((s) => s.status);
  const name = useApp((s) => s.settings?.displayName) || 'You';
  const state = status?.registration ?? 'offline';
  const statusText = `${STATE_TEXT[state]}${state === 'registered' ? '' : `: ${status?.reason ?? ''}`}`;
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
