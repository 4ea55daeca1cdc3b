import type { YakkerApi } from '../../shared/contract/api';
import type { IncomingMessage, MessageAnswer, SipClient } from './sip-client';

export type MessageApi = Pick<YakkerApi, 'request' | 'on'>;

/**
 * Carries chat between main and the SIP user agent. Main seals and opens; the bridge only moves
 * ciphertext: while registered it drains `messages.outbox` (oldest first, one MESSAGE at a time,
 * each result reported with `messages.sent`), and it hands every incoming MESSAGE to
 * `messages.receive`, answering with the status main returns. It drains when the UA registers
 * (also after a reconnect), when main says `messages.outboxReady`, and when started.
 */
export class MessageBridge {
  private draining: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly api: MessageApi,
    private readonly client: SipClient,
  ) {}

  /** Starts carrying messages; returns the function that stops. */
  start(): () => void {
    const offs = [
      this.client.onMessage((message) => this.receive(message)),
      this.client.onRegistered(() => {
        void this.drain();
      }),
      this.api.on('messages.outboxReady', () => {
        void this.drain();
      }),
    ];
    void this.drain();
    return () => {
      for (const off of offs) off();
    };
  }

  /** Sends everything waiting, if registered. Concurrent calls share one run (and re-check). */
  drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        await this.drainOnce();
      } while (this.again);
    })().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    if (this.client.state.kind !== 'registered') return;
    const outbox = await this.api.request('messages.outbox', {});
    if (!outbox.ok) return;
    for (const message of outbox.value) {
      const result = await this.client.sendMessage(
        message.target,
        message.contentType,
        message.body,
      );
      await this.api.request('messages.sent', {
        id: message.id,
        ok: result.ok,
        status: result.status,
        reason: result.reason.slice(0, 256),
      });
      // No response at all: we are offline again; the rest waits for the next registration.
      if (!result.ok && result.status === 0) {
        this.again = false;
        return;
      }
    }
  }

  private async receive(message: IncomingMessage): Promise<MessageAnswer> {
    const answer = await this.api.request('messages.receive', {
      from: message.from,
      to: message.to,
      callId: message.header('Call-ID') ?? 'unknown',
      contentType: message.contentType,
      body: message.body,
    });
    if (answer.ok) return answer.value;
    // The request did not fit the contract (an empty or oversized body, a huge header).
    if (answer.error.code === 'bad-request') return { status: 400, reason: 'Bad Request' };
    return { status: 500, reason: 'Server Internal Error' };
  }
}
