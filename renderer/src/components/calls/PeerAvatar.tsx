import { UserRound } from 'lucide-react';
import { Avatar } from '../Avatar';

/** Avatar for a call peer: initials for names, a person icon for bare numbers ("+" is no face). */
export function PeerAvatar(props: { name: string; size?: number }) {
  if (/\p{L}/u.test(props.name)) return <Avatar {...props} />;
  const size = props.size ?? 40;
  return (
    <span className="avatar avatar-number" aria-hidden="true" style={{ width: size, height: size }}>
      <UserRound width={size * 0.5} height={size * 0.5} />
    </span>
  );
}
