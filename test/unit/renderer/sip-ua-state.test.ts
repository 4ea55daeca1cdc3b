import { describe, expect, it } from 'vitest';
import type { SipState } from '../../../renderer/sip/sip-client';
import {
  describeState,
  INITIAL_STATE,
  nextState,
  type UaEvent,
} from '../../../renderer/sip/ua-state';

const run = (events: UaEvent[], from: SipState = INITIAL_STATE): SipState =>
  events.reduce(nextState, from);

describe('the user agent lifecycle', () => {
  it('starts unconfigured, saying where to set up the account', () => {
    expect(INITIAL_STATE.kind).toBe('unconfigured');
    expect(describeState(INITIAL_STATE)).toMatch(/Settings → Account/);
  });

  it('goes offline → connecting → connected → registered on the happy path', () => {
    const seen: string[] = [];
    let s = INITIAL_STATE;
    for (const e of [
      { type: 'start' },
      { type: 'transport-connecting' },
      { type: 'transport-connected' },
      { type: 'registered', aor: 'sip:+15550100@a.provider.test' },
    ] as UaEvent[]) {
      s = nextState(s, e);
      seen.push(s.kind);
    }
    expect(seen).toEqual(['connecting', 'connecting', 'connected', 'registered']);
    expect(describeState(s)).toBe('Ready for calls and messages as +15550100@a.provider.test');
  });

  it('a dropped connection is "reconnecting" with the reason, counting attempts', () => {
    const registered = run([
      { type: 'start' },
      { type: 'transport-connected' },
      { type: 'registered', aor: 'sip:a@b' },
    ]);
    const dropped = nextState(registered, {
      type: 'transport-disconnected',
      reason: 'The provider closed the connection.',
    });
    expect(dropped).toEqual({
      kind: 'connecting',
      attempt: 1,
      reason: 'The provider closed the connection.',
    });
    const again = run(
      [
        { type: 'transport-connecting' },
        { type: 'transport-disconnected', reason: 'Could not reach a.provider.test.' },
      ],
      dropped,
    );
    expect(again).toEqual({
      kind: 'connecting',
      attempt: 2,
      reason: 'Could not reach a.provider.test.',
    });
    expect(describeState(again)).toBe(
      'Reconnecting to your provider (attempt 2): Could not reach a.provider.test.',
    );
    // ...and recovers to registered when JsSIP gets through.
    expect(
      run([{ type: 'transport-connected' }, { type: 'registered', aor: 'sip:a@b' }], again).kind,
    ).toBe('registered');
  });

  it('a refused registration is offline with the provider’s reason, not "connecting"', () => {
    const s = run([
      { type: 'start' },
      { type: 'transport-connected' },
      { type: 'registration-failed', reason: 'Your provider refused the user name or password.' },
    ]);
    expect(s).toEqual({
      kind: 'offline',
      reason: 'Your provider refused the user name or password.',
      stopped: false,
    });
    expect(describeState(s)).toBe('Offline: Your provider refused the user name or password.');
  });

  it('after stop, late transport events do not bring it back', () => {
    const stopped = run([{ type: 'start' }, { type: 'transport-connected' }, { type: 'stop' }]);
    expect(stopped.kind).toBe('offline');
    expect(
      run(
        [
          { type: 'transport-disconnected', reason: 'x' },
          { type: 'transport-connecting' },
          { type: 'transport-connected' },
        ],
        stopped,
      ),
    ).toBe(stopped);
    expect(nextState(stopped, { type: 'start' }).kind).toBe('connecting');
  });

  it('unregistered falls back to connected; without an account a drop changes nothing', () => {
    const registered = run([
      { type: 'start' },
      { type: 'transport-connected' },
      { type: 'registered', aor: 'sip:a@b' },
    ]);
    expect(nextState(registered, { type: 'unregistered' }).kind).toBe('connected');
    const none = nextState(INITIAL_STATE, { type: 'no-account', reason: 'Set up your account.' });
    expect(nextState(none, { type: 'transport-disconnected', reason: 'x' })).toBe(none);
  });
});
