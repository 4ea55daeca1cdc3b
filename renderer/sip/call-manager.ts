import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallVerdict, DialTarget } from '../../shared/contract/areas/calls';
import type { YakkerApi } from '../../shared/contract/api';
import type { CallsStore, CallView } from '../src/state/calls-store';
import { CallDevices } from './call-devices';
import type { CallMedia } from './call-media';
import { refusalByPeer } from './call-refusal';
import { markCallSetup } from './call-timing';
import {
  gateMicrophone,
  microphoneProblem,
  OpeningMicrophone,
  PreparedMicrophone,
  senders,
  silenced,
  streamForCall,
  swapInWhenOpen,
  type SwapHooks,
} from './call-microphone';
import { answerWithMicrophone } from './call-answer';
import { PreparedAnswer } from './prepared-answer';
import { newLive, type Live } from './call-live';
import { earlyGathering, waitForIceComplete } from './ice-gathering';
import { callRecord, failedOutcome, failedReason, type Outcome } from './call-outcome';
import type { SessionEvent, SipUserAgent } from './sip-user-agent';

/** How long an incoming call waits for main's identity verdict before ringing anyway. */
export const VERDICT_WAIT_MS = 2000;
/** How long the "call ended" screen stays. */
const ENDED_SHOWN_MS = 2500;

const pcConfig: RTCConfiguration = { iceServers: [] };

/**
 * One call at a time, end to end: places calls to what the dialer resolved, gates incoming
 * calls on main's identity verdict (never ringing, answering or playing media for a failed
 * one), drives mute / hold / DTMF / devices, and logs every finished call with calls.log.
 */
export class CallManager {
  private live: Live | null = null;
  private readonly verdicts = new Map<string, CallVerdict>();
  /** A microphone the dialer opened ahead of its call (prepareMicrophone). */
  private readonly prepared: PreparedMicrophone;
  private readonly devices: CallDevices;

  constructor(
    private readonly api: Pick<YakkerApi, 'request' | 'on'>,
    private readonly ua: SipUserAgent,
    private readonly store: CallsStore,
    private readonly media: CallMedia,
    private readonly now: () => number = Date.now,
  ) {
    this.devices = new CallDevices(store, media);
    this.prepared = new PreparedMicrophone(() => media.openMicrophone(this.audioConstraints()));
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

  /**
   * Opens the microphone now, while the dialer looks the number up, so the call that follows
   * does not wait for it (it is closed again if no call takes it within PREPARED_MICROPHONE_MS).
   */
  prepareMicrophone(): void {
    if (!this.live) this.prepared.open();
  }

  /** Closes a microphone the dialer opened for a call that is not going to happen. */
  releasePreparedMicrophone(): void {
    this.prepared.release();
  }

  /** Calls what the dialer resolved. Resolves with null, or plain words for why not. */
  async dial(target: DialTarget): Promise<string | null> {
    this.dismiss();
    if (this.live) {
      this.releasePreparedMicrophone();
      return 'You are already in a call.';
    }
    if (target.uri === null) {
      this.releasePreparedMicrophone();
      return target.reason || 'That number has no Yakker account yet.';
    }
    const microphone = this.prepared.take();
    let media: { stream: MediaStream; standIn: MediaStreamTrack | null };
    try {
      media = await streamForCall(microphone, () => this.media.microphoneAvailability());
    } catch (error) {
      return microphoneProblem(error);
    }
    this.dismiss();
    if (this.live) {
      microphone.close(); // a call came in meanwhile
      media.standIn?.stop();
      return 'You are already in a call.';
    }
    const { stream, standIn } = media;
    let session: RTCSession;
    markCallSetup('dial');
    try {
      session = this.ua.call(target.uri, stream);
    } catch (error) {
      microphone.close();
      standIn?.stop();
      return error instanceof Error ? error.message : String(error);
    }
    // ua.call emitted newRTCSession synchronously: `live` is set up by now.
    const live = this.live as Live | null;
    if (live?.session === session) {
      live.microphone = microphone;
      if (standIn !== null) swapInWhenOpen(session, standIn, microphone, this.swapHooks(live));
      this.update({ target, peerLabel: target.number ?? target.uri.replace(/^sips?:/, '') });
    }
    return null;
  }

  answer(): void {
    const live = this.live;
    if (live?.view.phase !== 'ringing' || live.answering) return;
    if (live.view.verdict?.state === 'failed') return;
    live.answering = true;
    this.media.stopRinging();
    markCallSetup('answering');
    // Normally opening since it started ringing; opened again now if that failed.
    if (live.microphone === null || live.microphone.failed)
      live.microphone = new OpeningMicrophone(this.media.openMicrophone(this.audioConstraints()));
    answerWithMicrophone(live, { pcConfig, ...this.swapHooks(live) });
  }

  /** What the stand-in track's swap for the microphone reports to (swapInWhenOpen). */
  private swapHooks(live: Live): SwapHooks {
    return {
      current: () => this.live === live && !live.session.isEnded(),
      opened: () => {
        gateMicrophone(live.session, live.mayPlay);
      },
      failed: (error) => {
        if (this.live !== live || live.session.isEnded()) return;
        live.microphone = null;
        live.problem = microphoneProblem(error);
        if (live.view.direction === 'incoming' && live.view.phase !== 'active')
          live.session.terminate({ status_code: 480, reason_phrase: 'Microphone Unavailable' });
        else live.session.terminate();
      },
    };
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
  setMicrophone(deviceId: string): Promise<string | null> {
    const live = this.live;
    return this.devices.setMicrophone(deviceId, live?.view.phase === 'active' ? live : null);
  }

  setSpeaker(deviceId: string): Promise<string | null> {
    return this.devices.setSpeaker(deviceId);
  }

  /** Lists microphones and speakers (labels appear once the microphone was allowed). */
  refreshDevices(): Promise<void> {
    return this.devices.refresh();
  }

  private audioConstraints(): MediaStreamConstraints {
    return this.devices.constraints();
  }

  private onSession(e: SessionEvent): void {
    const { session, incoming, callId, offer } = e;
    this.dismiss(); // a call that has ended only shows its reason: it does not make us busy
    if (this.live) {
      // One call at a time: a second incoming call hears "busy".
      if (incoming) session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    const verdict = this.verdicts.get(callId) ?? null;
    const live = newLive(session, incoming, callId, offer, verdict, this.now());
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
    // While it rings, open the microphone and make the answer's peer connection ready (the
    // offer applied), so Accept has only to send the 200. Nothing is sent before Accept: ICE
    // starts with the local description, which answer() sets. Both close if it is not answered.
    if (live.microphone === null) {
      live.microphone = new OpeningMicrophone(this.media.openMicrophone(this.audioConstraints()));
      // Tried again on Accept if it fails, which says why if it fails again.
      live.microphone.stream.then(silenced, () => undefined);
    }
    if (live.offer !== null && live.prepared === null)
      live.prepared = PreparedAnswer.prepare(live.offer, pcConfig);
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
    gateMicrophone(live.session, live.mayPlay);
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
    if (session.connection as RTCPeerConnection | undefined) {
      markCallSetup('peer-connection');
      session.connection.addEventListener('track', onTrack);
    } else
      session.on('peerconnection', () => {
        markCallSetup('peer-connection');
        session.connection.addEventListener('track', onTrack);
        // A connection prepared while ringing reported the caller's track then, not again.
        const early = live.prepared?.remoteTrack;
        if (early && live.prepared?.connection === session.connection) onTrack(early);
      });
    session.on('connecting', () => {
      markCallSetup('connecting');
    });
    // Host candidates are all our calls have (no ICE servers): send the SDP once they are in.
    const gathering = waitForIceComplete() ? null : earlyGathering();
    let firstCandidate = true;
    session.on('icecandidate', (e: { candidate: RTCIceCandidate; ready: () => void }) => {
      if (firstCandidate) markCallSetup('first-candidate');
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
            gateMicrophone(live.session, live.mayPlay);
          }
        }, VERDICT_WAIT_MS);
      }
      gateMicrophone(live.session, live.mayPlay);
      this.watchDtmf(live);
    });
    // JsSIP turns the microphone on and off itself on (un)mute and (un)hold: the verdict's gate
    // applies again after each.
    session.on('muted', () => {
      this.update({ muted: true });
      gateMicrophone(live.session, live.mayPlay);
    });
    session.on('unmuted', () => {
      this.update({ muted: false });
      gateMicrophone(live.session, live.mayPlay);
    });
    session.on('hold', (e: { originator: string }) => {
      if (e.originator === 'local') this.update({ held: true });
      else this.update({ heldByPeer: true });
      gateMicrophone(live.session, live.mayPlay);
    });
    session.on('unhold', (e: { originator: string }) => {
      if (e.originator === 'local') this.update({ held: false });
      else this.update({ heldByPeer: false });
      gateMicrophone(live.session, live.mayPlay);
    });
    session.on('ended', (e: { originator: string; cause: string }) => {
      gathering?.cancel();
      // Ended by us on a failed verdict (their answer's check came after JsSIP had it) or on a
      // problem: say that, not "You hung up".
      if (live.view.verdict?.state === 'failed' || live.problem !== null) {
        this.finish(live, 'failed', failedReason(live, e.cause, undefined));
        return;
      }
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
      this.finish(live, failedOutcome(live, e.cause), failedReason(live, e.cause, status));
    });
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
    // Our microphone, and any a device switch put in its place, close with the call.
    for (const sender of senders(live.session)) sender.track?.stop();
    live.microphone?.close();
    live.microphone = null;
    // A connection prepared for a call not answered (it never went on the network); once
    // answered it is JsSIP's, which has closed it by now (closing again does nothing).
    live.prepared?.close();
    live.prepared = null;
    this.media.stopRinging();
    this.media.setRemote(null, false);
    if (this.live !== live) return;
    this.update({ phase: 'ended', endReason: reason });
    if (!live.logged) {
      live.logged = true;
      void this.api.request('calls.log', callRecord(live.view, outcome, this.now())).then((r) => {
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
