import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallVerdict, DialTarget } from '../../shared/contract/areas/calls';
import type { YakkerApi } from '../../shared/contract/api';
import type { CallsStore, CallView } from '../src/state/calls-store';
import type { CallMedia } from './call-media';
import { refusalByPeer } from './call-refusal';
import { markCallSetup } from './call-timing';
import { earlyGathering, waitForIceComplete } from './ice-gathering';
import { causeInWords } from './sip-causes';
import type { SessionEvent, SipUserAgent } from './sip-user-agent';

/** How long an incoming call waits for main's identity verdict before ringing anyway. */
export const VERDICT_WAIT_MS = 2000;
/** How long the "call ended" screen stays. */
const ENDED_SHOWN_MS = 2500;

type Outcome = 'answered' | 'missed' | 'declined' | 'failed';

interface Live {
  session: RTCSession;
  view: CallView;
  /** We declined it (so a failed event is "declined", not "missed"). */
  declinedByUs: boolean;
  logged: boolean;
  verdictTimer: ReturnType<typeof setTimeout> | null;
  /** Remote audio may play: the verdict is in (and not failed) or the wait ran out. */
  mayPlay: boolean;
  remoteStream: MediaStream | null;
}

const pcConfig: RTCConfiguration = { iceServers: [] };

/**
 * One call at a time, end to end: places calls to what the dialer resolved, gates incoming
 * calls on main's identity verdict (never ringing, answering or playing media for a failed
 * one), drives mute / hold / DTMF / devices, and logs every finished call with calls.log.
 */
export class CallManager {
  private live: Live | null = null;
  private readonly verdicts = new Map<string, CallVerdict>();

  constructor(
    private readonly api: Pick<YakkerApi, 'request' | 'on'>,
    private readonly ua: SipUserAgent,
    private readonly store: CallsStore,
    private readonly media: CallMedia,
    private readonly now: () => number = Date.now,
  ) {
    ua.onSession((e) => {
      this.onSession(e);
    });
    ua.onStateChange((sip) => {
      store.setState({ sip });
    });
    store.setState({ sip: ua.state });
    api.on('calls.verdict', (verdict) => {
      this.onVerdict(verdict);
    });
  }

  /** Calls what the dialer resolved. Resolves with null, or plain words for why not. */
  dial(target: DialTarget): string | null {
    this.dismiss();
    if (this.live) return 'You are already in a call.';
    if (target.uri === null) return target.reason || 'That number has no Yakker account yet.';
    let session: RTCSession;
    markCallSetup('dial');
    try {
      session = this.ua.call(target.uri);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    // ua.call emitted newRTCSession synchronously: `live` is set up by now.
    const live = this.live as Live | null;
    if (live?.session === session)
      this.update({ target, peerLabel: target.number ?? target.uri.replace(/^sips?:/, '') });
    return null;
  }

  answer(): void {
    const live = this.live;
    if (live?.view.phase !== 'ringing') return;
    if (live.view.verdict?.state === 'failed') return;
    this.media.stopRinging();
    markCallSetup('answering');
    live.session.answer({
      mediaConstraints: this.audioConstraints(),
      pcConfig,
    });
  }

  decline(): void {
    const live = this.live;
    if (!live || live.view.direction !== 'incoming' || live.view.phase === 'active') return;
    live.declinedByUs = true;
    this.media.stopRinging();
    live.session.terminate({ status_code: 603, reason_phrase: 'Decline' });
  }

  hangUp(): void {
    const live = this.live;
    if (!live) return;
    if (live.view.direction === 'incoming' && live.view.phase !== 'active') {
      this.decline();
      return;
    }
    if (!live.session.isEnded()) live.session.terminate();
  }

  toggleMute(): void {
    const live = this.live;
    if (live?.view.phase !== 'active') return;
    if (live.view.muted) live.session.unmute({ audio: true });
    else live.session.mute({ audio: true });
  }

  toggleHold(): void {
    const live = this.live;
    if (live?.view.phase !== 'active') return;
    if (live.view.held) live.session.unhold();
    else live.session.hold();
  }

  /** Sends DTMF in the audio stream (RFC 4733 through RTCDTMFSender). */
  sendDtmf(tone: string): void {
    const live = this.live;
    if (live?.view.phase !== 'active' || !/^[0-9*#A-D]$/i.test(tone)) return;
    live.session.sendDTMF(tone, { transportType: 'RFC2833' as never, duration: 120 });
  }

  /** Switches the microphone mid-call (replaceTrack), or for the next call. */
  async setMicrophone(deviceId: string): Promise<string | null> {
    this.store.setState((s) => ({ devices: { ...s.devices, inputId: deviceId } }));
    const live = this.live;
    if (live?.view.phase !== 'active') return null;
    try {
      const stream = await navigator.mediaDevices.getUserMedia(this.audioConstraints());
      const track = stream.getAudioTracks()[0];
      const sender = live.session.connection.getSenders().find((s) => s.track?.kind === 'audio');
      if (!track || !sender) return 'This call has no microphone to switch.';
      const old = sender.track;
      track.enabled = !live.view.muted;
      await sender.replaceTrack(track);
      old?.stop();
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
  async refreshDevices(): Promise<void> {
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

  private audioConstraints(): MediaStreamConstraints {
    const id = this.store.getState().devices.inputId;
    return { audio: id === 'default' ? true : { deviceId: { exact: id } }, video: false };
  }

  private onSession(e: SessionEvent): void {
    const { session, incoming, callId } = e;
    this.dismiss(); // a call that has ended only shows its reason: it does not make us busy
    if (this.live) {
      // One call at a time: a second incoming call hears "busy".
      if (incoming) session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    const remote = session.remote_identity;
    const peer = remote.uri.toString();
    const live: Live = {
      session,
      declinedByUs: false,
      logged: false,
      verdictTimer: null,
      mayPlay: false,
      remoteStream: null,
      view: {
        callId,
        direction: incoming ? 'incoming' : 'outgoing',
        peer,
        peerLabel: remote.display_name || remote.uri.user || peer,
        phase: incoming ? 'checking' : 'calling',
        verdict: this.verdicts.get(callId) ?? null,
        target: null,
        startedAt: this.now(),
        answeredAt: null,
        muted: false,
        held: false,
        heldByPeer: false,
        dtmfSent: '',
        endReason: null,
      },
    };
    if (incoming) markCallSetup('incoming');
    this.live = live;
    this.store.setState({ call: live.view });
    this.wire(live);
    if (incoming) this.gateIncoming(live);
  }

  /** Rings once main's verdict is in (or after VERDICT_WAIT_MS); a failed verdict never rings. */
  private gateIncoming(live: Live): void {
    const callId = live.view.callId;
    void this.api.request('calls.verdict', { callId }).then((r) => {
      if (r.ok) this.onVerdict(r.value);
    });
    live.verdictTimer = setTimeout(() => {
      live.verdictTimer = null;
      if (this.live === live && live.view.phase === 'checking') this.ring(live);
    }, VERDICT_WAIT_MS);
    this.settleIfDecided(live);
  }

  private ring(live: Live): void {
    markCallSetup('ringing');
    this.update({ phase: 'ringing' });
    this.media.startRinging(live.view.peerLabel, live.view.verdict?.state === 'verified');
  }

  private onVerdict(verdict: CallVerdict): void {
    this.verdicts.set(verdict.callId, verdict);
    if (this.verdicts.size > 50) {
      const oldest = this.verdicts.keys().next().value;
      if (oldest !== undefined) this.verdicts.delete(oldest);
    }
    const live = this.live;
    if (live?.view.callId !== verdict.callId) return;
    if (live.view.verdict?.state === 'failed') return; // final, also when it was the peer's refusal
    this.update({ verdict });
    this.settleIfDecided(live);
  }

  /** Acts on a decided verdict: failed ends the call silently; anything else lets it go on. */
  private settleIfDecided(live: Live): void {
    const state = live.view.verdict?.state;
    if (state === undefined || state === 'pending') return;
    if (live.verdictTimer) clearTimeout(live.verdictTimer);
    live.verdictTimer = null;
    if (state === 'failed') {
      this.media.stopRinging();
      this.media.setRemoteAudible(false);
      live.mayPlay = false;
      if (!live.session.isEnded()) {
        if (live.view.direction === 'incoming' && live.view.phase !== 'active')
          live.session.terminate({ status_code: 438, reason_phrase: 'Invalid Identity Header' });
        else live.session.terminate();
      }
      return;
    }
    if (!live.mayPlay && live.view.direction === 'outgoing') markCallSetup('audible');
    live.mayPlay = true;
    this.media.setRemoteAudible(true);
    if (live.view.phase === 'checking') this.ring(live);
  }

  private wire(live: Live): void {
    const { session } = live;
    const onTrack = (event: RTCTrackEvent) => {
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      if (live.view.direction === 'outgoing') markCallSetup('remote-track');
      live.remoteStream = stream;
      this.media.setRemote(stream, live.mayPlay);
    };
    // Outgoing: JsSIP made the peer connection before newRTCSession; incoming: on answer().
    if (session.connection as RTCPeerConnection | undefined)
      session.connection.addEventListener('track', onTrack);
    else
      session.on('peerconnection', () => {
        session.connection.addEventListener('track', onTrack);
      });
    // Host candidates are all our calls have (no ICE servers): send the SDP once they are in.
    const gathering = waitForIceComplete() ? null : earlyGathering();
    let firstCandidate = true;
    session.on('icecandidate', (e: { candidate: RTCIceCandidate; ready: () => void }) => {
      if (firstCandidate && live.view.direction === 'outgoing') markCallSetup('first-candidate');
      firstCandidate = false;
      gathering?.onCandidate(e.candidate, e.ready);
    });
    session.on('sending', () => {
      gathering?.cancel();
      markCallSetup('invite-sent');
    });
    session.on('progress', () => {
      if (live.view.direction === 'outgoing') this.update({ phase: 'alerting' });
    });
    session.on('accepted', () => {
      gathering?.cancel();
      markCallSetup(live.view.direction === 'outgoing' ? 'answered' : 'answer-sent');
      this.update({ phase: 'active', answeredAt: this.now() });
      this.media.stopRinging();
      if (live.view.direction === 'outgoing' && !live.mayPlay) {
        // Outgoing: their answer's verdict normally arrives with the 200; wait at most as long.
        live.verdictTimer ??= setTimeout(() => {
          live.verdictTimer = null;
          if (this.live === live && live.view.verdict?.state !== 'failed') {
            markCallSetup('audible');
            live.mayPlay = true;
            this.media.setRemoteAudible(true);
          }
        }, VERDICT_WAIT_MS);
      }
      this.watchDtmf(live);
    });
    session.on('muted', () => {
      this.update({ muted: true });
    });
    session.on('unmuted', () => {
      this.update({ muted: false });
    });
    session.on('hold', (e: { originator: string }) => {
      if (e.originator === 'local') this.update({ held: true });
      else this.update({ heldByPeer: true });
    });
    session.on('unhold', (e: { originator: string }) => {
      if (e.originator === 'local') this.update({ held: false });
      else this.update({ heldByPeer: false });
    });
    session.on('ended', (e: { originator: string; cause: string }) => {
      gathering?.cancel();
      this.finish(live, 'answered', e.originator === 'local' ? 'You hung up.' : 'They hung up.');
    });
    session.on('failed', (e: { originator: string; cause: string; message?: unknown }) => {
      gathering?.cancel();
      const response = e.message as
        { status_code?: number; getHeader?: (name: string) => string | undefined } | undefined;
      const status = response?.status_code;
      const refusal =
        live.view.direction === 'outgoing' && e.originator === 'remote'
          ? refusalByPeer(
              { status, reasonHeader: response?.getHeader?.('Reason') ?? null },
              live.view,
            )
          : null;
      if (refusal && live.view.verdict?.state !== 'failed') {
        this.update({ verdict: refusal.verdict });
        this.finish(live, 'failed', refusal.endReason);
        return;
      }
      this.finish(
        live,
        this.failedOutcome(live, e.cause),
        this.failedReason(live, e.cause, status),
      );
    });
  }

  private failedOutcome(live: Live, cause: string): Outcome {
    if (live.view.verdict?.state === 'failed') return 'failed';
    if (live.declinedByUs) return 'declined';
    if (live.view.direction === 'incoming')
      return cause === 'Canceled' || cause === 'No Answer' ? 'missed' : 'failed';
    if (cause === 'Busy' || cause === 'Rejected') return 'declined';
    if (cause === 'Canceled' || cause === 'No Answer' || cause === 'Unavailable') return 'missed';
    return 'failed';
  }

  private failedReason(live: Live, cause: string, status: number | undefined): string {
    const verdict = live.view.verdict;
    if (verdict?.state === 'failed')
      return `Yakker blocked this call: ${verdict.reason || 'their identity did not check out.'}`;
    if (live.declinedByUs) return 'You declined the call.';
    if (live.view.direction === 'incoming' && cause === 'Canceled') return 'Missed call.';
    if (live.view.direction === 'outgoing' && cause === 'Canceled') return 'Call cancelled.';
    return causeInWords(cause, status);
  }

  /** Records the tones RTCDTMFSender actually played (the UI shows them). */
  private watchDtmf(live: Live): void {
    const sender = live.session.connection
      .getSenders()
      .find((s) => s.track?.kind === 'audio' || s.dtmf);
    sender?.dtmf?.addEventListener('tonechange', (event) => {
      if (event.tone !== '' && this.live === live)
        this.update({ dtmfSent: live.view.dtmfSent + event.tone });
    });
  }

  private finish(live: Live, outcome: Outcome, reason: string): void {
    if (live.verdictTimer) clearTimeout(live.verdictTimer);
    live.verdictTimer = null;
    this.media.stopRinging();
    this.media.setRemote(null, false);
    if (this.live !== live) return;
    const answeredAt = live.view.answeredAt;
    this.update({ phase: 'ended', endReason: reason });
    if (!live.logged) {
      live.logged = true;
      const verdict = live.view.verdict?.state;
      void this.api
        .request('calls.log', {
          callId: live.view.callId,
          peer: live.view.peer,
          direction: live.view.direction,
          outcome: answeredAt === null ? outcome : 'answered',
          startedAt: live.view.startedAt,
          durationSeconds:
            answeredAt === null ? 0 : Math.max(0, Math.round((this.now() - answeredAt) / 1000)),
          ...(verdict === undefined || verdict === 'pending' ? {} : { verdict }),
        })
        .then((r) => {
          if (!r.ok) console.warn(`calls.log: ${r.error.message}`);
        });
    }
    // A blocked outgoing call stays on screen until the person closes it (dismiss): the reason
    // is a security warning, not something to flash for a moment.
    if (live.view.direction === 'outgoing' && live.view.verdict?.state === 'failed') return;
    setTimeout(() => {
      if (this.live === live) {
        this.live = null;
        this.store.setState({ call: null });
      }
    }, ENDED_SHOWN_MS);
  }

  /** Closes the screen of a call that has ended (a blocked call waits for this). */
  dismiss(): void {
    const live = this.live;
    if (live?.view.phase !== 'ended') return;
    this.live = null;
    this.store.setState({ call: null });
  }

  private update(patch: Partial<CallView>): void {
    const live = this.live;
    if (!live) return;
    live.view = { ...live.view, ...patch };
    this.store.setState({ call: live.view });
  }
}
