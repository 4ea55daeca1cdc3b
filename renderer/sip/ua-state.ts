import type { SipState } from './sip-client';

/**
 * What happens to the user agent, in the order JsSIP reports it. The lifecycle is a pure
 * function of these events (`nextState`), so it can be tested without a network.
 */
export type UaEvent =
  | { type: 'no-account'; reason: string }
  | { type: 'start' }
  | { type: 'transport-connecting' }
  | { type: 'transport-connected' }
  | { type: 'transport-disconnected'; reason: string }
  | { type: 'registered'; aor: string }
  | { type: 'unregistered' }
  | { type: 'registration-failed'; reason: string }
  | { type: 'stop' };

export const NO_ACCOUNT_REASON =
  'No account yet. Set up your number in Settings → Account to start calling.';

export const INITIAL_STATE: SipState = { kind: 'unconfigured', reason: NO_ACCOUNT_REASON };

/**
 * offline → connecting → connected → registered. A dropped transport goes back to connecting
 * (JsSIP reconnects by itself) and counts attempts; a refused registration is offline with the
 * provider's reason (JsSIP does not retry it); stop is offline on purpose.
 */
export function nextState(state: SipState, event: UaEvent): SipState {
  switch (event.type) {
    case 'no-account':
      return { kind: 'unconfigured', reason: event.reason };
    case 'start':
      return { kind: 'connecting', attempt: 1 };
    case 'transport-connecting':
      if (state.kind === 'connecting') return state;
      if (state.kind === 'offline' && state.stopped) return state;
      return { kind: 'connecting', attempt: 1 };
    case 'transport-connected':
      if (state.kind === 'offline' && state.stopped) return state;
      return { kind: 'connected' };
    case 'transport-disconnected':
      if (state.kind === 'unconfigured' || (state.kind === 'offline' && state.stopped))
        return state;
      if (state.kind === 'connecting')
        return { kind: 'connecting', attempt: state.attempt + 1, reason: event.reason };
      // JsSIP's Transport reconnects with backoff after any drop.
      return { kind: 'connecting', attempt: 1, reason: event.reason };
    case 'registered':
      return { kind: 'registered', aor: event.aor };
    case 'unregistered':
      if (state.kind !== 'registered') return state;
      return { kind: 'connected' };
    case 'registration-failed':
      return { kind: 'offline', reason: event.reason, stopped: false };
    case 'stop':
      return { kind: 'offline', reason: 'Signed out of calling.', stopped: true };
  }
}

/** One line for the status bar: what is happening, in plain words. */
export function describeState(state: SipState): string {
  switch (state.kind) {
    case 'unconfigured':
      return state.reason;
    case 'offline':
      return `Offline: ${state.reason}`;
    case 'connecting':
      return state.reason === undefined
        ? 'Connecting to your provider…'
        : `Reconnecting to your provider (attempt ${state.attempt}): ${state.reason}`;
    case 'connected':
      return 'Connected, signing in to your provider…';
    case 'registered':
      return `Ready for calls and messages as ${state.aor.replace(/^sips?:/, '')}`;
  }
}
