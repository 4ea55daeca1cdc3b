import type { RTCSession } from 'jssip/lib/RTCSession';
import {
  type OpeningMicrophone,
  silentTrack,
  swapInWhenOpen,
  type SwapHooks,
} from './call-microphone';
import type { PreparedAnswer } from './prepared-answer';

/** The incoming call being answered, as answerWithMicrophone needs it. */
export interface Answering {
  session: RTCSession;
  /** Opening since the call started ringing (or since Accept). */
  microphone: OpeningMicrophone | null;
  /** Its peer connection, made ready while it rang (null if that was not possible). */
  prepared: PreparedAnswer | null;
  /** The verdict lets the call be heard: our audio may go out. */
  mayPlay: boolean;
}

export interface AnswerHooks extends SwapHooks {
  pcConfig: RTCConfiguration;
}

/**
 * Answers at once: on the connection prepared while it rang if there is one, else on a new one.
 * Unless the microphone is open already, a silent stand-in track goes first and the microphone
 * replaces it when it opens (replaceTrack), so the call connects while the device starts.
 */
export function answerWithMicrophone(call: Answering, hooks: AnswerHooks): void {
  const microphone = call.microphone;
  if (microphone === null) return;
  if (call.prepared) {
    call.prepared.answer(call.session, hooks.pcConfig);
    swapInWhenOpen(call.session, call.prepared.standIn, microphone, hooks);
    return;
  }
  const standIn = microphone.open === null ? silentTrack() : null;
  if (standIn === null) {
    // Open already (or no stand-in possible here): answer with the microphone itself.
    microphone.stream.then(
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
  swapInWhenOpen(call.session, standIn, microphone, hooks);
}
