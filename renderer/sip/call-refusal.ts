import type { CallVerdict } from '../../shared/contract/areas/calls';

/**
 * The far end's app refused our call because it could not verify it: RFC 8224's 438 (Invalid
 * Identity Header), which a Yakker app answers when the call's signature or media keys do not
 * check out on arrival, i.e. something changed the call on its way. Returns the verdict the
 * call screen shows (the red "Can't verify — call blocked" badge, their words in the details)
 * and the line under the name; null for any other failure.
 */
export function refusalByPeer(
  failure: { status: number | undefined; reasonHeader: string | null },
  call: { callId: string; peer: string; peerLabel: string },
): { verdict: CallVerdict; endReason: string } | null {
  if (failure.status !== 438) return null;
  const said = theirWords(failure.reasonHeader);
  return {
    verdict: {
      callId: call.callId,
      peer: call.peer,
      state: 'failed',
      reason:
        `${call.peerLabel}'s app could not verify this call and refused it.` +
        (said ? ` Their app said: “${said}”` : ''),
      dnssec: null,
      fingerprint: null,
    },
    endReason: `Call blocked: ${call.peerLabel}'s app could not verify this call, so it never rang and no audio was sent. Someone may be tampering with the connection. Try again later or from another network.`,
  };
}

/** The text of a `Reason: SIP;cause=438;text="…"` header (RFC 3326), at most 200 characters. */
export function theirWords(reasonHeader: string | null): string | null {
  if (reasonHeader === null) return null;
  const match = /;\s*text\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(reasonHeader);
  const text = match?.[1]?.replace(/\\(.)/g, '$1').trim();
  if (!text) return null;
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
