import * as JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type {
  IncomingMessageEvent,
  OutgoingMessageEvent,
  RTCSessionEvent,
  UAConfiguration,
} from 'jssip/lib/UA';
import type { SipConfig } from '../../shared/contract/areas/account';
import { ContractSocket, type SipApi } from './contract-socket';
import { causeInWords } from './sip-causes';
import type {
  IncomingMessage,
  MessageAnswer,
  MessageHandler,
  SendResult,
  SipClient,
  SipState,
} from './sip-client';
import { INITIAL_STATE, NO_ACCOUNT_REASON, nextState, type UaEvent } from './ua-state';

/** An INVITE for us or one we sent, with the request JsSIP saw (its Call-ID keys the verdict). */
export interface SessionEvent {
  session: RTCSession;
  incoming: boolean;
  callId: string;
  /** An incoming INVITE's SDP offer (null for ours, and for an INVITE without one). */
  offer: string | null;
}

/** The parts of an incoming request JsSIP types only partly (reply is public but untyped). */
interface ReplyableRequest {
  call_id: string;
  reply(code: number, reason?: string): void;
}

/**
 * The one JsSIP user agent of this window, over the contract socket. Its lifecycle follows
 * `nextState` (ua-state.ts); it (re)starts from `account.sipConfig` whenever `account.changed`
 * fires. Chat uses it as a `SipClient`; calls use `call()` and `onSession()`.
 */
export class SipUserAgent implements SipClient {
  private current: SipState = INITIAL_STATE;
  private ua: JsSIP.UA | null = null;
  private socket: ContractSocket | null = null;
  private messageHandler: MessageHandler | null = null;
  private readonly registeredHandlers = new Set<(aor: string) => void>();
  private readonly stateHandlers = new Set<(state: SipState) => void>();
  private readonly sessionHandlers = new Set<(event: SessionEvent) => void>();
  private config: SipConfig | null = null;
  private startToken = 0;

  constructor(private readonly api: SipApi) {}

  get state(): SipState {
    return this.current;
  }

  /** The account's AOR while one is configured. */
  get aor(): string | null {
    return this.config?.aor ?? null;
  }

  /** Reads the account and starts JsSIP; with no account the state says how to set one up. */
  async start(): Promise<void> {
    const token = ++this.startToken;
    this.teardown();
    const config = await this.api.request('account.sipConfig', {});
    if (token !== this.startToken) return;
    if (!config.ok) {
      this.config = null;
      this.dispatch({
        type: 'no-account',
        reason: config.error.code === 'not-configured' ? NO_ACCOUNT_REASON : config.error.message,
      });
      return;
    }
    this.config = config.value;
    const socket = new ContractSocket(this.api, config.value.aor);
    const configuration: UAConfiguration = {
      // JsSIP types its Socket interface as a class that has no runtime constructor.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
      sockets: [socket],
      uri: config.value.aor,
      authorization_user: config.value.username,
      password: config.value.password,
      display_name: config.value.displayName,
      register: true,
      session_timers: false,
      user_agent: 'Yakker Desktop',
      connection_recovery_min_interval: 1,
      connection_recovery_max_interval: 30,
    };
    let ua: JsSIP.UA;
    try {
      ua = new JsSIP.UA(configuration);
    } catch (error) {
      socket.dispose();
      this.dispatch({
        type: 'no-account',
        reason: `Your account's address does not work for calling (${error instanceof Error ? error.message : String(error)}). Fix it in Settings → Account.`,
      });
      return;
    }
    this.ua = ua;
    this.socket = socket;
    this.wire(ua, config.value.aor);
    this.dispatch({ type: 'start' });
    ua.start();
  }

  /** Stops the UA (unregistering when connected) and forgets the account. */
  stop(): void {
    this.startToken++;
    this.teardown();
    this.dispatch({ type: 'stop' });
  }

  private teardown(): void {
    const ua = this.ua;
    const socket = this.socket;
    this.ua = null;
    this.socket = null;
    if (ua) {
      (ua as unknown as { removeAllListeners(): void }).removeAllListeners();
      ua.stop();
    }
    // Give the un-REGISTER a moment to leave before the connection goes.
    if (socket)
      setTimeout(() => {
        socket.dispose();
      }, 500);
  }

  private wire(ua: JsSIP.UA, aor: string): void {
    ua.on('connecting', () => {
      this.dispatch({ type: 'transport-connecting' });
    });
    ua.on('connected', () => {
      this.dispatch({ type: 'transport-connected' });
    });
    ua.on('disconnected', (e) => {
      this.dispatch({
        type: 'transport-disconnected',
        reason: e.reason ?? this.socket?.lastFailure ?? 'The connection to your provider closed.',
      });
    });
    ua.on('registered', () => {
      this.dispatch({ type: 'registered', aor });
      for (const h of this.registeredHandlers) h(aor);
    });
    ua.on('unregistered', () => {
      this.dispatch({ type: 'unregistered' });
    });
    ua.on('registrationFailed', (e) => {
      const response = e.response as { status_code?: number; reason_phrase?: string } | null;
      this.dispatch({
        type: 'registration-failed',
        reason: registrationFailure(
          e.cause,
          response?.status_code,
          response?.reason_phrase,
          this.socket?.lastFailure ?? null,
        ),
      });
    });
    ua.on('newMessage', (e: IncomingMessageEvent | OutgoingMessageEvent) => {
      if ((e.originator as string) !== 'remote') return;
      this.receive(e as IncomingMessageEvent);
    });
    ua.on('newRTCSession', (e: RTCSessionEvent) => {
      const incoming = (e.originator as string) === 'remote';
      const request = e.request as unknown as ReplyableRequest & {
        body?: string;
        getHeader(name: string): string | undefined;
      };
      const offer =
        incoming && /^application\/sdp\b/i.test(request.getHeader('Content-Type') ?? '')
          ? (request.body ?? null)
          : null;
      for (const h of this.sessionHandlers)
        h({ session: e.session, incoming, callId: request.call_id, offer: offer || null });
      if (incoming && this.sessionHandlers.size === 0) {
        e.session.terminate({ status_code: 480, reason_phrase: 'Temporarily Unavailable' });
      }
    });
  }

  private receive(e: IncomingMessageEvent): void {
    // JsSIP answers by itself right after this event (200, then a stray 405 from its in-dialog
    // switch, which a transaction that already answered ignores). We answer once the handler
    // (possibly async: main opens and stores the message) has decided, so JsSIP's own replies
    // on this request are dropped and only ours goes out.
    const request = e.request as unknown as ReplyableRequest & typeof e.request;
    const reply = request.reply.bind(request);
    request.reply = () => undefined;
    const answer = (a: MessageAnswer) => {
      reply(a.status, a.reason);
    };
    const handler = this.messageHandler;
    if (!handler) {
      answer({ status: 480, reason: 'Temporarily Unavailable' });
      return;
    }
    const message: IncomingMessage = {
      from: request.from.uri.toString(),
      displayName: request.from.display_name || null,
      to: request.ruri.toString(),
      contentType: request.getHeader('Content-Type') || 'text/plain',
      body: request.body,
      header: (name) => (request.hasHeader(name) ? request.getHeader(name) : null),
    };
    Promise.resolve()
      .then(() => handler(message))
      .then(answer, () => {
        answer({ status: 500, reason: 'Server Internal Error' });
      });
  }

  sendMessage(target: string, contentType: string, body: string): Promise<SendResult> {
    const ua = this.ua;
    if (!ua || this.current.kind !== 'registered') {
      return Promise.resolve({
        ok: false,
        status: 0,
        reason: 'Not connected to your provider.',
      });
    }
    return new Promise((resolve) => {
      try {
        ua.sendMessage(target, body, {
          contentType,
          eventHandlers: {
            succeeded: (e) => {
              resolve({
                ok: true,
                status: e.response.status_code,
                reason: e.response.reason_phrase,
              });
            },
            failed: (e) => {
              const response = e.response as
                { status_code: number; reason_phrase: string } | undefined | null;
              resolve(
                response
                  ? { ok: false, status: response.status_code, reason: response.reason_phrase }
                  : { ok: false, status: 0, reason: causeInWords(e.cause) },
              );
            },
          },
        });
      } catch (error) {
        resolve({
          ok: false,
          status: 0,
          reason: `Cannot send to ${target}: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    });
  }

  onMessage(handler: MessageHandler): () => void {
    this.messageHandler = handler;
    return () => {
      if (this.messageHandler === handler) this.messageHandler = null;
    };
  }

  onRegistered(handler: (aor: string) => void): () => void {
    this.registeredHandlers.add(handler);
    return () => this.registeredHandlers.delete(handler);
  }

  onStateChange(handler: (state: SipState) => void): () => void {
    this.stateHandlers.add(handler);
    return () => this.stateHandlers.delete(handler);
  }

  /** New calls, both directions. Without a listener, incoming calls are answered 480. */
  onSession(handler: (event: SessionEvent) => void): () => void {
    this.sessionHandlers.add(handler);
    return () => this.sessionHandlers.delete(handler);
  }

  /** Places an audio-only call; throws with plain words when not registered. */
  call(uri: string, stream?: MediaStream): RTCSession {
    if (!this.ua || this.current.kind !== 'registered') {
      throw new Error('Not connected to your provider yet: calls start once it says Ready.');
    }
    return this.ua.call(uri, {
      mediaConstraints: { audio: true, video: false },
      ...(stream ? { mediaStream: stream } : {}),
      rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
    });
  }

  private dispatch(event: UaEvent): void {
    const next = nextState(this.current, event);
    if (next === this.current) return;
    this.current = next;
    for (const h of this.stateHandlers) h(next);
  }
}

/** Why the provider would not register us, in plain words (JsSIP's causes are about calls). */
function registrationFailure(
  cause: string | undefined,
  status: number | undefined,
  phrase: string | undefined,
  transportFailure: string | null,
): string {
  if (status === 401 || status === 407 || status === 403)
    return `Your provider refused the user name or password (${status} ${phrase ?? ''}). Check them in Settings → Account.`.replace(
      ' )',
      ')',
    );
  if (status !== undefined && status > 0)
    return `Your provider would not sign you in (${status} ${phrase ?? ''}).`.replace(' )', ')');
  if (cause === 'Connection Error' && transportFailure) return transportFailure;
  return causeInWords(cause, status);
}
