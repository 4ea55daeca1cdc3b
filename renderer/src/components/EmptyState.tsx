import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

/** A calm, centred message for a screen with nothing in it yet, and what to do next. */
export function EmptyState(props: {
  icon: LucideIcon;
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  const Icon = props.icon;
  return (
    <div className="empty">
      <div className="empty-icon" aria-hidden="true">
        <Icon />
      </div>
      <h2>{props.title}</h2>
      <p>{props.children}</p>
      {props.action}
    </div>
  );
}
