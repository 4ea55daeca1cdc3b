/**
 * What the rest of the renderer (chat, calls) sees of the SIP user agent. The UA itself is JsSIP
 * over the contract socket (renderer/sip/contract-socket.ts); main owns the network and adds or
 * checks identity on the way. Chat codes against this interface only, never against JsSIP.
 */

/** The user agent's lifecycle, as the StatusBar shows it. */
export type SipState =
  | { kind: 'unconfigured'; reason: string }
  /** `stopped`: on purpose (signed out); otherwise the provider refused and we wait for a fix. */
  | { kind: 'offline'; reason: string; stopped?: boolean }
  /** `reason`: why the last attempt failed (absent on the first attempt). */
  | { kind: 'connecting'; attempt: number; reason?: string }
  | { kind: 'connected' }
  | { kind: 'registered'; aor: string };

/** The outcome of one MESSAGE request we sent: the final response, or a local failure. */
export interface SendResult {
  /** A 2xx final response arrived. */
  ok: boolean;
  /** The SIP status code (0 when no response arrived: offline, transport error, timeout). */
  status: number;
  /** The reason phrase, or plain words for a local failure. */
  reason: string;
}

/** One incoming MESSAGE request. */
export interface IncomingMessage {
  /** The sender's URI from the From header, e.g. `sip:+15550100@a.provider.test`. */
  from: string;
  /** The From header's display name, when present. */
  displayName: string | null;
  /** The Request-URI's target (us). */
  to: string;
  contentType: string;
  body: string;
  /** The raw header value, when main attached one (e.g. `Identity`), else null. */
  header(name: string): string | null;
}

/** How to answer an incoming MESSAGE: the final response we send back. */
export interface MessageAnswer {
  status: number;
  reason: string;
}

export type MessageHandler = (message: IncomingMessage) => MessageAnswer | Promise<MessageAnswer>;

export interface SipClient {
  /** The current lifecycle state. */
  readonly state: SipState;
  /**
   * Sends one MESSAGE to `target` (a SIP URI or `sip:`-less `user@domain`). Resolves with the
   * final response; never rejects (failures come back as `{ ok: false, status: 0, reason }`).
   */
  sendMessage(target: string, contentType: string, body: string): Promise<SendResult>;
  /**
   * Registers the one handler for incoming MESSAGEs (a later call replaces it). Until a handler
   * is set, MESSAGEs are answered 480 Temporarily Unavailable. A handler that throws is
   * answered 500. Returns the function that removes the handler.
   */
  onMessage(handler: MessageHandler): () => void;
  /** Called every time the UA becomes registered (also after a reconnect). Returns unsubscribe. */
  onRegistered(handler: (aor: string) => void): () => void;
  /** Called on every state change. Returns unsubscribe. */
  onStateChange(handler: (state: SipState) => void): () => void;
}
