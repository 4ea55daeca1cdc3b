import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallsStore } from '../src/state/calls-store';
import type { CallMedia } from './call-media';
import { gateMicrophone, senders, silenced } from './call-microphone';

/**
 * Microphone and speaker choice for calls: the device list in the calls store, the constraints
 * a call opens its microphone with, and switching either mid-call.
 */
export class CallDevices {
  constructor(
    private readonly store: CallsStore,
    private readonly media: CallMedia,
  ) {}

  /** getUserMedia constraints for the microphone chosen in Settings (or the default one). */
  constraints(): MediaStreamConstraints {
    const id = this.store.getState().devices.inputId;
    return { audio: id === 'default' ? true : { deviceId: { exact: id } }, video: false };
  }

  /**
   * Chooses the microphone for the next call and, with `call`, switches this call's to it
   * (replaceTrack, no renegotiation); the verdict's gate still applies to the new track.
   */
  async setMicrophone(
    deviceId: string,
    call: { session: RTCSession; mayPlay: boolean } | null,
  ): Promise<string | null> {
    this.store.setState((s) => ({ devices: { ...s.devices, inputId: deviceId } }));
    if (call === null) return null;
    try {
      const stream = await this.media.openMicrophone(this.constraints());
      const track = silenced(stream).getAudioTracks()[0];
      const sender = senders(call.session).find((s) => s.track?.kind === 'audio');
      if (!track || !sender) return 'This call has no microphone to switch.';
      const old = sender.track;
      await sender.replaceTrack(track);
      old?.stop();
      gateMicrophone(call.session, call.mayPlay);
      return null;
    } catch (error) {
      return `Could not switch the microphone: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  async setSpeaker(deviceId: string): Promise<string | null> {
    try {
      await this.media.setSpeaker(deviceId);
      this.store.setState((s) => ({ devices: { ...s.devices, outputId: deviceId } }));
      return null;
    } catch (error) {
      return `Could not switch the speaker: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Lists microphones and speakers (labels appear once the microphone was allowed). */
  async refresh(): Promise<void> {
    const all = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    const pick = (kind: MediaDeviceKind, word: string) =>
      all
        .filter((d) => d.kind === kind)
        .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${word} ${i + 1}` }));
    this.store.setState((s) => ({
      devices: {
        ...s.devices,
        inputs: pick('audioinput', 'Microphone'),
        outputs: pick('audiooutput', 'Speaker'),
      },
    }));
  }
}
