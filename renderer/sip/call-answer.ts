import type { RTCSession } from 'jssip/lib/RTCSession';
import { silentTrack, swapInMicrophone } from './call-microphone';

/** The incoming call being answered, as answerWithMicrophone needs it. */
export interface Answering {
  session: RTCSession;
  /** Opening since the call started ringing (or since Accept). */
  microphone: Promise<MediaStream> | null;
  /** The microphone once open. */
  microphoneOpen: MediaStream | null;
  /** The verdict lets the call be heard: our audio may go out. */
  mayPlay: boolean;
}

export interface AnswerHooks {
  pcConfig: RTCConfiguration;
  /** False once the call ended or another took its place: nothing more is done for it. */
  current(): boolean;
  /** The microphone is on the call (its track disabled: the gate decides). */
  opened(): void;
  /** The microphone would not open. */
  failed(error: unknown): void;
}

/**
 * Answers with the microphone if it is open already. If it is still opening, answers at once
 * with a silent stand-in track and swaps the microphone in when it opens (replaceTrack), so the
 * call connects while the device starts (some take a few hundred milliseconds).
 */
export function answerWithMicrophone(call: Answering, hooks: AnswerHooks): void {
  const microphone = call.microphone;
  if (microphone === null) return;
  const standIn = call.microphoneOpen === null ? silentTrack() : null;
  if (standIn === null) {
    // Open already (or no stand-in possible here): answer with the microphone itself.
    microphone.then(
      (stream) => {
        if (!hooks.current()) return; // the call's end closes the microphone
        for (const track of stream.getAudioTracks()) track.enabled = call.mayPlay;
        call.session.answer({ mediaStream: stream, pcConfig: hooks.pcConfig });
      },
      (error: unknown) => {
        hooks.failed(error);
      },
    );
    return;
  }
  call.session.answer({ mediaStream: new MediaStream([standIn]), pcConfig: hooks.pcConfig });
  microphone
    .then(async (stream) => {
      if (!hooks.current()) return;
      await swapInMicrophone(call.session, standIn, stream);
      hooks.opened();
    })
    .catch((error: unknown) => {
      standIn.stop();
      hooks.failed(error);
    });
}
