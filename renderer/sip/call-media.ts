/**
 * The browser side of a call's sound: the remote audio element, the ringtone and the native
 * notification. The call manager talks to this interface; browser-call-media.ts implements it.
 */
export type MicrophoneAvailability = 'granted' | 'ask' | 'denied' | 'none';

export interface CallMedia {
  /** Plays (or, with null, stops) the remote stream; `audible` false keeps it silent. */
  setRemote(stream: MediaStream | null, audible: boolean): void;
  setRemoteAudible(audible: boolean): void;
  /** Rings for an incoming call: ringtone and a native notification. */
  startRinging(from: string, verified: boolean): void;
  stopRinging(): void;
  /** Opens the microphone (getUserMedia); the call manager stops its tracks when done. */
  openMicrophone(constraints: MediaStreamConstraints): Promise<MediaStream>;
  /**
   * Whether getUserMedia can be expected to succeed without asking anyone: 'granted' (allowed
   * and a microphone is present), 'ask' (the browser or system will ask, or cannot tell),
   * 'denied' or 'none' (no microphone). Quick: no device is opened.
   */
  microphoneAvailability(): Promise<MicrophoneAvailability>;
  /** Routes the remote audio to an output device (HTMLMediaElement.setSinkId). */
  setSpeaker(deviceId: string): Promise<void>;
}
