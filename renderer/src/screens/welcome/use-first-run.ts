import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useServices } from '../../state/context';

let decided = false;

/**
 * The first-run decision, once per start: the network has a directory to sign up with, no SIP
 * account is configured and the user hasn't chosen "later" → the welcome wizard. Later
 * navigation is never redirected.
 */
export function useFirstRun(): void {
  const { api } = useServices();
  const navigate = useNavigate();
  useEffect(() => {
    if (decided) return;
    decided = true;
    void Promise.all([
      api.request('network.get', {}),
      api.request('account.get', {}),
      api.request('onboarding.status', {}),
    ]).then(([network, account, onboarding]) => {
      if (!network.ok || !account.ok || !onboarding.ok) return;
      if (network.value.directoryUrl === null) return;
      if (!account.value.configured && !onboarding.value.later)
        void navigate('/welcome', { replace: true });
    });
  }, [api, navigate]);
}
