import { describe, expect, it } from 'vitest';
import { refusalByPeer, theirWords } from '../../../renderer/sip/call-refusal';

const call = { callId: 'c1', peer: 'sip:+15550101@b.provider.test', peerLabel: '+15550101' };

describe('refusalByPeer (their app answered 438)', () => {
  it('turns a 438 with a Reason header into a failed verdict with their words, and a blocking line', () => {
    const r = refusalByPeer(
      {
        status: 438,
        reasonHeader:
          'SIP;cause=438;text="The call\'s media keys (a=fingerprint) are not the ones they signed: the call may be intercepted."',
      },
      call,
    );
    expect(r?.verdict).toEqual({
      callId: 'c1',
      peer: call.peer,
      state: 'failed',
      reason:
        "+15550101's app could not verify this call and refused it. Their app said: “The call's media keys (a=fingerprint) are not the ones they signed: the call may be intercepted.”",
      dnssec: null,
      fingerprint: null,
    });
    expect(r?.endReason).toMatch(/^Call blocked: \+15550101's app could not verify this call/);
    expect(r?.endReason).toMatch(/no audio was sent/);
  });

  it('a 438 without a Reason header still blocks, without quoting anything', () => {
    const r = refusalByPeer({ status: 438, reasonHeader: null }, call);
    expect(r?.verdict.state).toBe('failed');
    expect(r?.verdict.reason).toBe("+15550101's app could not verify this call and refused it.");
  });

  it('any other failure is not a refusal', () => {
    for (const status of [undefined, 403, 486, 488, 500, 603])
      expect(refusalByPeer({ status, reasonHeader: 'SIP;cause=438;text="x"' }, call)).toBeNull();
  });
});

describe('theirWords (RFC 3326 Reason text)', () => {
  it('reads the quoted text, unescaping, and caps it at 200 characters', () => {
    expect(theirWords('SIP ;cause=438 ; text="a \\"quoted\\" word"')).toBe('a "quoted" word');
    expect(theirWords('SIP;cause=438')).toBeNull();
    expect(theirWords('SIP;cause=438;text=""')).toBeNull();
    expect(theirWords(`SIP;text="${'x'.repeat(300)}"`)).toHaveLength(200);
  });
});
