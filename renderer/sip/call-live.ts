import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallVerdict } from '../../shared/contract/areas/calls';
import type { CallView } from '../src/state/calls-store';
import type { OpeningMicrophone } from './call-microphone';
import type { PreparedAnswer } from './prepared-answer';

/** The call in progress, as the call manager tracks it beside what the screen shows (`view`). */
export interface Live {
  session: RTCSession;
  view: CallView;
  /** We declined it (so a failed event is "declined", not "missed"). */
  declinedByUs: boolean;
  logged: boolean;
  verdictTimer: ReturnType<typeof setTimeout> | null;
  /** Remote audio may play: the verdict is in (and not failed) or the wait ran out. */
  mayPlay: boolean;
  remoteStream: MediaStream | null;
  /**
   * Our microphone for this call, opened before JsSIP needs it (when dialling, or when an
   * incoming call starts ringing) and closed when the call ends. Its audio stays off until the
   * verdict lets the call be heard (`gateMicrophone`).
   */
  microphone: OpeningMicrophone | null;
  /** Incoming: the answer's peer connection, made ready while it rings (prepared-answer.ts). */
  prepared: PreparedAnswer | null;
  /** Incoming: the INVITE's SDP offer (null if it came without one). */
  offer: string | null;
  /** Accept was pressed. */
  answering: boolean;
  /** Why we ended it ourselves, in plain words (e.g. the microphone would not open). */
  problem: string | null;
}

/** A call JsSIP has just reported (newRTCSession), before anything happened to it. */
export function newLive(
  session: RTCSession,
  incoming: boolean,
  callId: string,
  offer: string | null,
  verdict: CallVerdict | null,
  now: number,
): Live {
  const remote = session.remote_identity;
  const peer = remote.uri.toString();
  return {
    session,
    declinedByUs: false,
    logged: false,
    verdictTimer: null,
    mayPlay: false,
    remoteStream: null,
    microphone: null,
    prepared: null,
    offer,
    answering: false,
    problem: null,
    view: {
      callId,
      direction: incoming ? 'incoming' : 'outgoing',
      peer,
      peerLabel: remote.display_name || remote.uri.user || peer,
      phase: incoming ? 'checking' : 'calling',
      verdict,
      target: null,
      startedAt: now,
      answeredAt: null,
      muted: false,
      held: false,
      heldByPeer: false,
      dtmfSent: '',
      endReason: null,
    },
  };
}
