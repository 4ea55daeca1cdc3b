/**
 * INVITEs and answers for identity tests without WebRTC: JsSIP's own RequestSender sends an
 * INVITE with a given SDP through a UA's socket (digest authentication included), and a
 * callee-side helper answers an intercepted INVITE with a response carrying SDP.
 */
import { createRequire } from 'node:module';
import type { UA } from 'jssip';
import type { IncomingResponse, OutgoingRequest } from 'jssip/lib/SIPMessage';
import type { URI } from 'jssip/lib/URI';
import { header, headerValues, parseSipMessage } from '../../main/sip/sip-message';

const require = createRequire(import.meta.url);

interface RequestSenderLike {
  send(): void;
}
type RequestSenderClass = new (
  ua: UA,
  request: OutgoingRequest,
  handlers: {
    onRequestTimeout?: () => void;
    onTransportError?: () => void;
    onReceiveResponse?: (response: IncomingResponse) => void;
  },
) => RequestSenderLike;
const RequestSender = require('jssip/lib/RequestSender') as RequestSenderClass;
const { OutgoingRequest: Outgoing } = require('jssip/lib/SIPMessage') as {
  OutgoingRequest: new (
    method: string,
    ruri: URI,
    ua: UA,
    params: object,
    extraHeaders: string[],
    body: string,
  ) => OutgoingRequest & { call_id: string };
};

/** A WebRTC-looking offer/answer with the given DTLS fingerprints (session and media level). */
export function sdpWith(fingerprints: readonly string[], port = 9): string {
  const [first, ...rest] = fingerprints;
  return [
    'v=0',
    `o=- ${Date.now()} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    ...(first ? [`a=fingerprint:sha-256 ${first}`] : []),
    `m=audio ${port} UDP/TLS/RTP/SAVPF 111`,
    'c=IN IP4 127.0.0.1',
    'a=ice-ufrag:abcd',
    'a=ice-pwd:abcdefghijklmnopqrstuvwx',
    ...rest.map((f) => `a=fingerprint:sha-256 ${f}`),
    'a=setup:actpass',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    '',
  ].join('\r\n');
}

export function fingerprint(byte: string): string {
  return Array.from({ length: 32 }, () => byte).join(':');
}

export interface InviteOutcome {
  callId: string;
  /** Status codes of every response, in order (after authentication). */
  statuses: number[];
  /** The responses themselves, raw. */
  responses: IncomingResponse[];
  final: Promise<number>;
}

/** Sends an INVITE with `sdp` from `ua` to `target` (ACKs non-2xx finals; tests end with 486). */
export function sendInvite(ua: UA, target: string, sdp: string): InviteOutcome {
  // Public in JsSIP (UA.normalizeTarget), missing from its typings.
  const ruri = (ua as unknown as { normalizeTarget(t: string): URI | undefined }).normalizeTarget(
    target,
  );
  if (ruri === undefined) throw new Error(`not a SIP target: ${target}`);
  const request = new Outgoing(
    'INVITE',
    ruri,
    ua,
    {},
    [
      'Content-Type: application/sdp',
      `Contact: <sip:test@${Math.random().toString(36).slice(2)}.invalid;transport=tls;ob>`,
    ],
    sdp,
  );
  const statuses: number[] = [];
  const responses: IncomingResponse[] = [];
  const final = new Promise<number>((resolve) => {
    new RequestSender(ua, request, {
      onRequestTimeout: () => {
        resolve(408);
      },
      onTransportError: () => {
        resolve(503);
      },
      onReceiveResponse: (response) => {
        statuses.push(response.status_code);
        responses.push(response);
        if (response.status_code >= 200) resolve(response.status_code);
      },
    }).send();
  });
  return { callId: request.call_id, statuses, responses, final };
}

/** A response to an intercepted INVITE (raw text), with an SDP body or none. */
export function answer(invite: string, status: number, reason: string, sdp?: string): string {
  const m = parseSipMessage(invite);
  if (m === null) throw new Error('not a SIP message');
  const to = header(m, 'to') ?? '';
  const lines = [
    `SIP/2.0 ${status} ${reason}`,
    ...headerValues(m, 'via').map((v) => `Via: ${v}`),
    ...headerValues(m, 'record-route').map((v) => `Record-Route: ${v}`),
    `From: ${header(m, 'from') ?? ''}`,
    `To: ${to.includes('tag=') ? to : `${to};tag=callee1`}`,
    `Call-ID: ${header(m, 'call-id') ?? ''}`,
    `CSeq: ${header(m, 'cseq') ?? ''}`,
    'Contact: <sip:callee@callee.invalid;transport=tls>',
    ...(sdp === undefined ? [] : ['Content-Type: application/sdp']),
    `Content-Length: ${sdp === undefined ? 0 : Buffer.byteLength(sdp)}`,
  ];
  return `${lines.join('\r\n')}\r\n\r\n${sdp ?? ''}`;
}
