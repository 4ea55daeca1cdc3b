import type { RTCSession } from 'jssip/lib/RTCSession';
import { markCallSetup } from './call-timing';
import { silentTrack } from './call-microphone';

/**
 * An incoming call's answer, made ready while it rings so that Accept has only to send it: the
 * peer connection, a silent stand-in track on it (the microphone replaces it once open) and the
 * caller's offer applied. That work took about 30 ms of the callee's page after Accept (more on
 * a busy page: the whole Accept → 200 was 66 ms in docs/benchmarks.md).
 *
 * Nothing reaches the network before Accept: a peer connection gathers candidates and starts
 * ICE checks only once it has a local description, and JsSIP sets that in answer(). The offer
 * came through main's identity check (a call rings only after its verdict), and the prepared
 * connection is closed if the call is not answered.
 */
export class PreparedAnswer {
  /** The caller's audio track, reported while the offer was applied (not again on answer). */
  remoteTrack: RTCTrackEvent | null = null;

  private constructor(
    readonly connection: RTCPeerConnection,
    readonly standIn: MediaStreamTrack,
  ) {}

  /** Null where it cannot be prepared here (no Web Audio for the stand-in): answer() as usual. */
  static prepare(offer: string, pcConfig: RTCConfiguration): PreparedAnswer | null {
    const standIn = silentTrack();
    if (standIn === null) return null;
    let connection: RTCPeerConnection;
    try {
      connection = new RTCPeerConnection(pcConfig);
    } catch {
      standIn.stop();
      return null;
    }
    const prepared = new PreparedAnswer(connection, standIn);
    connection.addEventListener('track', (event) => {
      prepared.remoteTrack ??= event;
    });
    // The order JsSIP's answer() uses: our track first, then the offer (which then takes the
    // transceiver addTrack made for its audio section).
    connection.addTrack(standIn, new MediaStream([standIn]));
    connection.setRemoteDescription({ type: 'offer', sdp: offer }).then(
      () => {
        markCallSetup('answer-prepared');
      },
      // A bad offer fails again when JsSIP applies it, which answers 488 and ends the call.
      () => undefined,
    );
    return prepared;
  }

  /**
   * JsSIP's answer() on this connection, without a stream of its own (the stand-in is on it).
   * JsSIP applies the same offer again: the connection is already in have-remote-offer, so that
   * is allowed and quick (2-3 ms measured, against 7-10 ms the first time on an idle page).
   */
  answer(session: RTCSession, pcConfig: RTCConfiguration): void {
    withPeerConnection(this.connection, () => {
      session.answer({ pcConfig, mediaConstraints: { audio: false, video: false } });
    });
  }

  /** For a call that ends unanswered (when answered, the connection is JsSIP's to close). */
  close(): void {
    this.standIn.stop();
    if (this.connection.signalingState !== 'closed') this.connection.close();
  }
}

/**
 * Runs `fn` with the page's RTCPeerConnection constructor handing out `connection` to the first
 * `new RTCPeerConnection(...)` (JsSIP makes its connection that way and offers no option to pass
 * one in), then puts the constructor back. Any further construction during `fn` gets a new one.
 */
export function withPeerConnection<T>(connection: RTCPeerConnection, fn: () => T): T {
  const scope = globalThis as { RTCPeerConnection: typeof RTCPeerConnection };
  const Native = scope.RTCPeerConnection;
  let handedOut = false;
  function Prepared(...args: ConstructorParameters<typeof RTCPeerConnection>): RTCPeerConnection {
    if (handedOut) return new Native(...args);
    handedOut = true;
    return connection;
  }
  Prepared.prototype = Native.prototype;
  scope.RTCPeerConnection = Prepared as unknown as typeof RTCPeerConnection;
  try {
    return fn();
  } finally {
    scope.RTCPeerConnection = Native;
  }
}
