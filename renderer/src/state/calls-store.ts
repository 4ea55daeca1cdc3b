import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CallVerdict, DialTarget } from '../../../shared/contract/areas/calls';
import type { SipState } from '../../sip/sip-client';
import { INITIAL_STATE } from '../../sip/ua-state';

/**
 * Where a call is:
 * - `checking`: an incoming INVITE waits (≤ 2 s) for main's identity verdict before ringing;
 * - `ringing`: incoming, ringing here; `calling`: outgoing, waiting for them; `alerting`: theirs rings;
 * - `active`: answered; `ended`: over, the reason shown for a moment.
 */
export type CallPhase = 'checking' | 'ringing' | 'calling' | 'alerting' | 'active' | 'ended';

export interface CallView {
  /** The SIP Call-ID (keys the verdict and the history record). */
  callId: string;
  direction: 'incoming' | 'outgoing';
  /** Their SIP URI. */
  peer: string;
  /** What to call them: display name, number or address. */
  peerLabel: string;
  phase: CallPhase;
  /** Main's identity verdict so far (null until the first word from main). */
  verdict: CallVerdict | null;
  /** For outgoing calls, what the dialer resolved. */
  target: DialTarget | null;
  startedAt: number;
  answeredAt: number | null;
  muted: boolean;
  held: boolean;
  /** They put us on hold. */
  heldByPeer: boolean;
  /** DTMF tones RTCDTMFSender has played so far in this call. */
  dtmfSent: string;
  /** Plain words for why it ended (or failed). */
  endReason: string | null;
}

export interface AudioDevices {
  inputs: { deviceId: string; label: string }[];
  outputs: { deviceId: string; label: string }[];
  inputId: string;
  outputId: string;
}

export interface CallsState {
  sip: SipState;
  call: CallView | null;
  devices: AudioDevices;
}

export type CallsStore = StoreApi<CallsState>;

export function createCallsStore(): CallsStore {
  return createStore<CallsState>()(() => ({
    sip: INITIAL_STATE,
    call: null,
    devices: { inputs: [], outputs: [], inputId: 'default', outputId: 'default' },
  }));
}
