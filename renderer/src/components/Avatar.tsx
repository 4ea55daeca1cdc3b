const HUES = [211, 160, 280, 25, 340, 190, 45, 120];

/** Initials on a colour derived from the name, so each person keeps their colour. */
export function Avatar(props: { name: string; size?: number }) {
  const initials =
    props.name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase() ?? '')
      .join('') || '?';
  let hash = 0;
  for (const ch of props.name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = HUES[hash % HUES.length] ?? 211;
  const size = props.size ?? 40;
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ background: `hsl(${hue} 55% 48%)`, width: size, height: size }}
    >
      {initials}
    </span>
  );
}
