import { useEffect, useState } from 'react';
import type { Identity } from '../../../../shared/contract/requests';
import { useServices } from '../../state/context';
import { JoinDevice } from './JoinDevice';
import { LinkDevice } from './LinkDevice';
import { LinkedDevicesCard } from './LinkedDevicesCard';

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; identities: Identity[] }
  | { state: 'error'; message: string };

/** Settings → Devices: link another device with your keys, or bring them here from one. */
export function DevicesSection() {
  const { api } = useServices();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [version, setVersion] = useState(0);
  // Keys that just arrived from another device can be shared onwards from here too.
  useEffect(
    () =>
      api.on('pairing.changed', (s) => {
        if (s.role === 'joiner' && s.state === 'done') setVersion((v) => v + 1);
      }),
    [api],
  );
  useEffect(() => {
    let live = true;
    void api.request('identities.list', {}).then((r) => {
      if (live)
        setLoaded(
          r.ok
            ? { state: 'ready', identities: r.value }
            : { state: 'error', message: r.error.message },
        );
    });
    return () => {
      live = false;
    };
  }, [api, version]);

  return (
    <>
      <h2>Devices</h2>
      <p className="lead">
        Use Yakker on another computer as the same person. Link them on the same network, or on
        different ones through your network’s relay when it has one.
      </p>
      {loaded.state === 'error' ? (
        <p className="notice" role="alert">
          {loaded.message}
        </p>
      ) : null}
      {loaded.state === 'ready' && loaded.identities.length > 0 ? (
        <LinkDevice identities={loaded.identities} />
      ) : null}
      {loaded.state === 'ready' && loaded.identities.length === 0 ? (
        <p className="field-help">
          This device has no keys to share yet. You can bring them here from another device below.
        </p>
      ) : null}
      {loaded.state === 'ready' ? <JoinDevice /> : null}
      <LinkedDevicesCard />
    </>
  );
}
