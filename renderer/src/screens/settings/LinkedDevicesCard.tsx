import { Laptop } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { LinkedDevice } from '../../../../shared/contract/areas/devices';
import { SettingsCard } from '../../components/SettingsCard';
import { useServices } from '../../state/context';

function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
}

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; devices: LinkedDevice[] }
  | { state: 'error'; message: string };

/**
 * Settings → Devices: the devices this one was linked with. Removing one forgets it here and
 * says plainly what it does not do: the other device keeps its copy of the key until the key is
 * replaced (docs/pairing.md §11).
 */
export function LinkedDevicesCard() {
  const { api } = useServices();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [asking, setAsking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.request('devices.list', {}).then((r) => {
      if (live)
        setLoaded(
          r.ok
            ? { state: 'ready', devices: r.value }
            : { state: 'error', message: r.error.message },
        );
    });
    const off = api.on('devices.changed', (devices) => {
      setLoaded({ state: 'ready', devices });
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);

  const remove = async (id: string) => {
    setError(null);
    const r = await api.request('devices.remove', { id });
    setAsking(null);
    if (!r.ok) setError(r.error.message);
  };

  return (
    <SettingsCard
      title="Linked devices"
      help="Devices that have your keys because you linked them with this one."
    >
      {loaded.state === 'error' ? (
        <p className="notice" role="alert">
          {loaded.message}
        </p>
      ) : null}
      {loaded.state === 'ready' && loaded.devices.length === 0 ? (
        <p className="field-help keys-empty">No linked devices yet.</p>
      ) : null}
      {loaded.state === 'ready' && loaded.devices.length > 0 ? (
        <ul className="keys" aria-label="Linked devices">
          {loaded.devices.map((device) => (
            <li key={device.id} className="key-item">
              <Laptop aria-hidden="true" />
              <div className="field-text">
                <span className="field-label">{device.name}</span>
                <span className="field-help">
                  {device.direction === 'sent-to'
                    ? `You linked it on ${formatDate(device.linkedAt)}`
                    : `Your keys came from it on ${formatDate(device.linkedAt)}`}
                  {` · ${device.identityName}`}
                </span>
                {asking === device.id ? (
                  <div className="device-remove" role="group" aria-label={`Remove ${device.name}`}>
                    <p className="notice">
                      {device.direction === 'sent-to'
                        ? `${device.name} keeps its copy of your key after you remove it here. Locking it out needs a new key for your number, published in the directory: this version of Yakker cannot do that yet.`
                        : `This only removes ${device.name} from this list. Both devices keep your key.`}
                    </p>
                    <div className="keys-form-controls">
                      <button type="button" className="btn" onClick={() => void remove(device.id)}>
                        Remove from list
                      </button>
                      <button
                        type="button"
                        className="btn btn-quiet"
                        onClick={() => {
                          setAsking(null);
                        }}
                      >
                        Keep
                      </button>
                    </div>
                  </div>
                ) : null}
              </div>
              {asking === device.id ? null : (
                <button
                  type="button"
                  className="btn btn-quiet"
                  aria-label={`Remove ${device.name}`}
                  onClick={() => {
                    setAsking(device.id);
                  }}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="notice" role="alert">
          {error}
        </p>
      ) : null}
    </SettingsCard>
  );
}
