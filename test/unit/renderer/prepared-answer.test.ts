import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RTCSession } from 'jssip/lib/RTCSession';
import { withPeerConnection } from '../../../renderer/sip/prepared-answer';

// The real thing (Chromium's RTCPeerConnection, JsSIP's answer() taking the prepared one, no ICE
// before Accept) is checked end to end in test/e2e/web/calls.spec.ts.

class FakePeerConnection {
  static made = 0;
  constructor(readonly config?: RTCConfiguration) {
    FakePeerConnection.made += 1;
  }
}

const scope = globalThis as { RTCPeerConnection?: unknown };
const original = scope.RTCPeerConnection;

afterEach(() => {
  scope.RTCPeerConnection = original;
  FakePeerConnection.made = 0;
});

describe('withPeerConnection: JsSIP takes the connection made while ringing', () => {
  it('hands out the prepared connection to the first construction, then makes new ones', () => {
    scope.RTCPeerConnection = FakePeerConnection;
    const prepared = new FakePeerConnection() as unknown as RTCPeerConnection;
    const made = withPeerConnection(prepared, () => {
      const Ctor = scope.RTCPeerConnection as typeof RTCPeerConnection;
      const first = new Ctor({ iceServers: [] });
      const second = new Ctor({ iceServers: [] });
      return { first, second };
    });
    expect(made.first).toBe(prepared);
    expect(made.second).not.toBe(prepared);
    expect(made.second).toBeInstanceOf(FakePeerConnection);
    expect(scope.RTCPeerConnection).toBe(FakePeerConnection); // put back
  });

  it('puts the constructor back when the call throws (e.g. answer() in the wrong state)', () => {
    scope.RTCPeerConnection = FakePeerConnection;
    const prepared = new FakePeerConnection() as unknown as RTCPeerConnection;
    const session = {
      answer: vi.fn(() => {
        throw new Error('INVALID_STATE_ERROR');
      }),
    } as unknown as RTCSession;
    expect(() => {
      withPeerConnection(prepared, () => {
        session.answer({});
      });
    }).toThrow('INVALID_STATE_ERROR');
    expect(scope.RTCPeerConnection).toBe(FakePeerConnection);
  });
});
