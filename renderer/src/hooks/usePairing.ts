import { useEffect, useState } from 'react';
import type { PairingStatus } from '../../../shared/contract/requests';
import { useServices } from '../state/context';

/** The latest pairing status of one role, from `pairing.status` and then `pairing.changed`. */
export function usePairing(
  role: PairingStatus['role'],
): [PairingStatus | null, (s: PairingStatus | null) => void] {
  const { api } = useServices();
  const [status, setStatus] = useState<PairingStatus | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on('pairing.changed', (s) => {
      if (s.role === role) setStatus(s);
    });
    void api.request('pairing.status', {}).then((r) => {
      const mine = r.ok ? r.value.find((s) => s.role === role) : undefined;
      // A finished pairing from an earlier visit is not shown again; one in progress is.
      if (live && mine && mine.state !== 'done' && mine.state !== 'failed') setStatus(mine);
    });
    return () => {
      live = false;
      off();
    };
  }, [api, role]);
  return [status, setStatus];
}

/** Seconds left until `at` (ms since epoch), ticking once a second. */
export function useSecondsLeft(at: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, [at]);
  return at === undefined ? 0 : Math.max(0, Math.round((at - now) / 1000));
}
