/**
 * User Timing marks along a call's setup (`yakker.call.<step>`), so the phases show in DevTools'
 * Performance panel and scripts/bench/call-setup.mjs can split dial-to-audio into resolve, ICE
 * gathering, INVITE → 200 and 200 → audio. A new dial (or an incoming call) clears the previous
 * call's marks. Marks are timestamps only: no numbers, names or keys.
 */
export type CallSetupStep =
  /** Enter or the call button in the dialer. */
  | 'submit'
  /** The target is resolved; JsSIP starts the call (getUserMedia, offer, ICE gathering). */
  | 'dial'
  /** The microphone is open (getUserMedia answered). */
  | 'microphone'
  /** JsSIP made the RTCPeerConnection (caller: on dial; callee: on answer). */
  | 'peer-connection'
  /** JsSIP has the media attached (callee: the offer applied) and creates its SDP next. */
  | 'connecting'
  /** The first local ICE candidate. */
  | 'first-candidate'
  /** JsSIP is about to send the INVITE (the SDP is complete). */
  | 'invite-sent'
  /** The 200 OK arrived. */
  | 'answered'
  /** The remote audio track arrived. */
  | 'remote-track'
  /** Remote audio may play: the answer's verdict is in (or the wait ran out). */
  | 'audible'
  /** Callee: JsSIP has the INVITE (main has checked it already). */
  | 'incoming'
  /** Callee: the verdict let it ring. */
  | 'ringing'
  /** Callee: while ringing, the answer's peer connection has the offer applied (prepared-answer.ts). */
  | 'answer-prepared'
  /** Callee: Accept pressed; JsSIP starts the answer (getUserMedia, answer, ICE gathering). */
  | 'answering'
  /** Callee: the 200 OK went out. */
  | 'answer-sent';

const PREFIX = 'yakker.call.';

export function markCallSetup(step: CallSetupStep): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  if (step === 'submit' || step === 'incoming') {
    for (const entry of performance.getEntriesByType('mark'))
      if (entry.name.startsWith(PREFIX)) performance.clearMarks(entry.name);
  }
  performance.mark(`${PREFIX}${step}`);
}
