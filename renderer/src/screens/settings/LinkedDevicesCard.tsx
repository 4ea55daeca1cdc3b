import { Laptop } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { LinkedDevice, RevokeStatus } from '../../../../shared/contract/areas/devices';
import { SettingsCard } from '../../components/SettingsCard';
import { useServices } from '../../state/context';
import { KeyReplacedNotice } from './KeyReplacedNotice';
import { RemoveDeviceConfirm } from './RemoveDeviceConfirm';
import { RevokeNotice } from './RevokeNotice';

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

/** A removal that could not even start (no directory on this network, key gone): forget only. */
interface CannotRevoke {
  id: string;
  message: string;
}

/**
 * Settings → Devices: the devices this one was linked with. Removing one signs it out for real
 * (docs/pairing.md §13): a new key for the number, published in the directory, the old one
 * revoked; devices that stay are marked to be linked again. Where that is impossible (no
 * directory), the user can still forget the device, and is told it keeps the key.
 */
export function LinkedDevicesCard() {
  const { api } = useServices();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [asking, setAsking] = useState<string | null>(null);
  const [revoke, setRevoke] = useState<RevokeStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [finishedNow, setFinishedNow] = useState(false);
  const [cannot, setCannot] = useState<CannotRevoke | null>(null);
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
    void api.request('devices.revokeStatus', {}).then((r) => {
      if (live && r.ok) setRevoke(r.value);
    });
    const offList = api.on('devices.changed', (devices) => {
      setLoaded({ state: 'ready', devices });
    });
    const offRevoke = api.on('devices.revokeChanged', (status) => {
      setRevoke(status);
      if (status.phase === 'done') setFinishedNow(true);
    });
    return () => {
      live = false;
      offList();
      offRevoke();
    };
  }, [api]);

  const run = async (request: () => ReturnType<typeof api.request<'devices.revoke'>>) => {
    setError(null);
    setCannot(null);
    setBusy(true);
    const r = await request();
    setBusy(false);
    if (r.ok) {
      setRevoke(r.value);
      setFinishedNow(r.value.phase === 'done');
      return;
    }
    const status = await api.request('devices.revokeStatus', {});
    if (status.ok) setRevoke(status.value);
    // A failure before anything started leaves no removal in progress: say it here.
    if (!status.ok || status.value.phase === 'idle' || status.value.phase === 'done')
      return r.error;
    return undefined;
  };

  const remove = async (id: string) => {
    const failed = await run(() => api.request('devices.revoke', { id }));
    setAsking(null);
    if (failed === undefined) return;
    if (['not-configured', 'identity-not-found'].includes(failed.code))
      setCannot({ id, message: failed.message });
    else setError(failed.message);
  };

  const forget = async (id: string) => {
    const r = await api.request('devices.remove', { id });
    setCannot(null);
    if (!r.ok) setError(r.error.message);
  };

  const devices = loaded.state === 'ready' ? loaded.devices : [];
  const removing = revoke !== null && !['idle', 'done'].includes(revoke.phase);

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
      <KeyReplacedNotice />
      {revoke ? (
        <RevokeNotice
          status={revoke}
          busy={busy}
          finishedNow={finishedNow}
          onRetry={() => void run(() => api.request('devices.revokeResume', {}))}
        />
      ) : null}
      {loaded.state === 'ready' && devices.length === 0 ? (
        <p className="field-help keys-empty">No linked devices yet.</p>
      ) : null}
      {devices.length > 0 ? (
        <ul className="keys" aria-label="Linked devices">
          {devices.map((device) => (
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
                {device.needsRelink ? (
                  <span className="field-help">
                    Still has your old key: link it again with “Link a device” to keep using it as
                    you.
                  </span>
                ) : null}
                {asking === device.id ? (
                  <RemoveDeviceConfirm
                    device={device}
                    others={
                      devices.filter(
                        (d) => d.id !== device.id && d.fingerprint === device.fingerprint,
                      ).length
                    }
                    busy={busy}
                    onConfirm={() => void remove(device.id)}
                    onCancel={() => {
                      setAsking(null);
                    }}
                  />
                ) : null}
                {cannot?.id === device.id ? (
                  <div className="device-remove" role="group" aria-label={`Remove ${device.name}`}>
                    <p className="notice" role="alert">
                      {device.name} can’t be signed out: {cannot.message} If you remove it from this
                      list, it keeps your key.
                    </p>
                    <div className="keys-form-controls">
                      <button type="button" className="btn" onClick={() => void forget(device.id)}>
                        Only remove from list
                      </button>
                      <button
                        type="button"
                        className="btn btn-quiet"
                        onClick={() => {
                          setCannot(null);
                        }}
                      >
                        Keep
                      </button>
                    </div>
                  </div>
                ) : null}
              </div>
              {asking === device.id || cannot?.id === device.id ? null : (
                <button
                  type="button"
                  className="btn btn-quiet"
                  aria-label={`Remove ${device.name}`}
                  disabled={busy || removing}
                  onClick={() => {
                    setAsking(device.id);
                    setCannot(null);
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
