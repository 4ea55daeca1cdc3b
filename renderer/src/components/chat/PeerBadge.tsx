import { useEffect, useState } from 'react';
import { useServices } from '../../state/context';
import { TrustBadge, type Verdict } from '../TrustBadge';

/** The peer's trust badge from the directory (calls.resolve); nothing while unknown. Key it by peer. */
export function PeerBadge(props: { peer: string }) {
  const { api } = useServices();
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  useEffect(() => {
    let live = true;
    void api.request('calls.resolve', { target: props.peer }).then((r) => {
      if (!live || !r.ok) return;
      const t = r.value;
      if (t.kind === 'invalid' || t.kind === 'no-account') return;
      setVerdict(t.verified ? 'verified' : t.dnssec === 'bogus' ? 'failed' : 'not-verified');
    });
    return () => {
      live = false;
    };
  }, [api, props.peer]);
  return verdict ? <TrustBadge verdict={verdict} /> : null;
}
