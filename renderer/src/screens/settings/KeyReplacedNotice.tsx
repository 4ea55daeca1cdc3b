import { useEffect, useState } from 'react';
import type { OwnKey } from '../../../../shared/contract/areas/devices';
import { useServices } from '../../state/context';

/**
 * Said on a device whose key the directory no longer publishes (docs/pairing.md §13): another
 * linked device removed a device and replaced the key, so this one must be linked again.
 * Nothing is shown while the answer is unknown (offline, nothing published, unsigned DNS).
 */
export function KeyReplacedNotice() {
  const { api } = useServices();
  const [replaced, setReplaced] = useState<OwnKey[]>([]);
  useEffect(() => {
    let live = true;
    const check = () => {
      void api.request('devices.keyCheck', {}).then((r) => {
        if (live && r.ok) setReplaced(r.value.filter((k) => k.state === 'replaced'));
      });
    };
    check();
    const off = api.on('devices.revokeChanged', (s) => {
      if (s.phase === 'done') check();
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);
  if (replaced.length === 0) return null;
  return (
    <div className="notice notice-text" role="alert">
      {replaced.map((k) => (
        <p key={k.identityId}>
          Your key for {k.number} was replaced on another of your devices, so this device can no
          longer call or send messages as you.
        </p>
      ))}
      <p>
        If you removed this device there, that is why. To keep using it, link it again: choose “Link
        a device” on your other device, then use “I already have Yakker on another device” here.
      </p>
    </div>
  );
}
