import { useEffect, useState } from 'react';

function format(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** m:ss since `since`, ticking every second (not a live region: it would chatter). */
export function CallTimer(props: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(id);
    };
  }, []);
  const seconds = Math.max(0, Math.floor((now - props.since) / 1000));
  return (
    <time className="call-timer" aria-label={`Call time ${format(seconds)}`}>
      {format(seconds)}
    </time>
  );
}
