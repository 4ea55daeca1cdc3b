import { useEffect, useState } from 'react';

interface Devices {
  inputs: MediaDeviceInfo[];
  outputs: MediaDeviceInfo[];
}

/** Lists the microphones and speakers the system reports (names appear once a call has asked for the microphone). */
export function AudioSection() {
  const [devices, setDevices] = useState<Devices | null>(() =>
    mediaDevices() ? null : { inputs: [], outputs: [] },
  );
  useEffect(() => {
    const media = mediaDevices();
    if (!media) return undefined;
    const load = () => {
      media
        .enumerateDevices()
        .then((all) => {
          setDevices({
            inputs: all.filter((d) => d.kind === 'audioinput'),
            outputs: all.filter((d) => d.kind === 'audiooutput'),
          });
        })
        .catch(() => {
          setDevices({ inputs: [], outputs: [] });
        });
    };
    load();
    media.addEventListener('devicechange', load);
    return () => {
      media.removeEventListener('devicechange', load);
    };
  }, []);
  const label = (d: MediaDeviceInfo, i: number, kind: string) =>
    d.label || (d.deviceId === 'default' ? `System default ${kind}` : `${kind} ${i + 1}`);
  return (
    <>
      <h2>Audio</h2>
      <p className="lead">
        Yakker uses your system's default microphone and speaker unless you choose others during a
        call.
      </p>
      <div className="card">
        <div className="field">
          <div className="field-text">
            <span className="field-label">Microphones</span>
            <span className="field-help">
              {devices === null
                ? 'Looking…'
                : devices.inputs.length === 0
                  ? 'No microphone found. Plug one in to make calls.'
                  : devices.inputs.map((d, i) => label(d, i, 'Microphone')).join(', ')}
            </span>
          </div>
        </div>
        <div className="field">
          <div className="field-text">
            <span className="field-label">Speakers</span>
            <span className="field-help">
              {devices === null
                ? 'Looking…'
                : devices.outputs.length === 0
                  ? 'The system default speaker.'
                  : devices.outputs.map((d, i) => label(d, i, 'Speaker')).join(', ')}
            </span>
          </div>
        </div>
      </div>
    </>
  );
}

/** Undefined where the page is not a secure context (no microphone access at all). */
function mediaDevices(): MediaDevices | undefined {
  return (navigator as { mediaDevices?: MediaDevices }).mediaDevices;
}
