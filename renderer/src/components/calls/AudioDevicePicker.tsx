import { useEffect, useId } from 'react';
import { useCallServices, useCalls } from '../../state/calls-context';
import { useServices } from '../../state/context';

/** Microphone and speaker selects for the current call (changes apply at once). */
export function AudioDevicePicker() {
  const { calls } = useCallServices();
  const { store } = useServices();
  const devices = useCalls((s) => s.devices);
  const micId = useId();
  const speakerId = useId();
  useEffect(() => {
    void calls.refreshDevices();
    const media = navigator.mediaDevices;
    const reload = () => void calls.refreshDevices();
    media.addEventListener('devicechange', reload);
    return () => {
      media.removeEventListener('devicechange', reload);
    };
  }, [calls]);
  const report = (problem: string | null) => {
    if (problem) store.getState().toast('error', problem);
  };
  return (
    <div className="call-devices">
      <label htmlFor={micId}>Microphone</label>
      <select
        id={micId}
        className="text-input"
        value={devices.inputId}
        onChange={(e) => void calls.setMicrophone(e.target.value).then(report)}
      >
        {devices.inputs.length === 0 ? <option value="default">System default</option> : null}
        {devices.inputs.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
      <label htmlFor={speakerId}>Speaker</label>
      <select
        id={speakerId}
        className="text-input"
        value={devices.outputId}
        onChange={(e) => void calls.setSpeaker(e.target.value).then(report)}
      >
        {devices.outputs.length === 0 ? <option value="default">System default</option> : null}
        {devices.outputs.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
    </div>
  );
}
