import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useServices } from '../../state/context';

let started = false;
let decided = false;
/** Shells waiting for the decision (one normally; a remount while it is pending too). */
const waiting = new Set<() => void>();

/**
 * The first-run decision, once per start: the network has a directory to sign up with, no SIP
 * account is configured and the user hasn't chosen "later" → the welcome wizard. Returns false
 * until it is decided, and the shell shows nothing meanwhile (a few local requests): the main
 * screens never flash before the wizard, and nothing a person clicks in them is taken away by
 * a late redirect. Later navigation is never redirected.
 */
export function useFirstRun(): boolean {
  const { api } = useServices();
  const navigate = useNavigate();
  const [ready, setReady] = useState(decided);
  useEffect(() => {
    if (decided) return;
    const done = () => {
      setReady(true);
    };
    waiting.add(done);
    if (!started) {
      started = true;
      void Promise.all([
        api.request('network.get', {}),
        api.request('account.get', {}),
        api.request('onboarding.status', {}),
      ])
        .then(([network, account, onboarding]) => {
          if (!network.ok || !account.ok || !onboarding.ok) return false;
          if (network.value.directoryUrl === null) return false;
          return !account.value.configured && !onboarding.value.later;
        })
        .catch(() => false)
        .then((welcome) => {
          decided = true;
          // To the wizard: the shell stays empty until it is gone (showing its routes now
          // would let the index route's redirect to /chats overtake this one).
          if (welcome) void navigate('/welcome', { replace: true });
          else for (const w of waiting) w();
          waiting.clear();
        });
    }
    return () => {
      waiting.delete(done);
    };
  }, [api, navigate]);
  return ready;
}
