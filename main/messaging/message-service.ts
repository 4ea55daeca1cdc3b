import { createHash, randomBytes } from 'node:crypto';
import type { ChatMessage, OutboundMessage } from '../../shared/contract/areas/messages';
import type { ChatSummary } from '../../shared/contract/requests';
import { YakkerError } from '../../shared/contract/result';
import type { EventBus } from '../core/event-bus';
import type { Logger } from '../core/logger';
import { parseCertificate, type ParsedCertificate } from '../crypto/der';
import { openMessage, sealMessage, type Opened } from '../crypto/smime-message';
import type { IdentityService } from '../keystore/identity-service';
import type { ChatStore } from '../store/chat-store';
import { chatRows } from '../store/message-queries';
import { keyChanged } from '../store/peer-queries';
import { fingerprintOf, usableCertificates } from './certificate-set';
import { RETRY_STATUSES, RETRY_WINDOW_MS, RetryTimer, type Schedule } from './delivery-retry';
import { parsePeer, peerFromSipUri, type PeerAddress } from './peer-address';
import type { PeerDirectory, SenderAccount } from './peer-directory';
import { ACCEPTED, statusFor, type ReceiveStatus } from './receive-status';
import { encodeWireBody, isSmimeContentType, SMIME_CONTENT_TYPE } from './wire-body';

export interface MessageServiceDeps {
  store: ChatStore;
  directory: PeerDirectory;
  account: SenderAccount;
  identities: Pick<IdentityService, 'current' | 'credentials'>;
  bus: EventBus;
  logger: Logger;
  now?: () => number;
  /** Timer for draining the outbox again after a "not now" answer (delivery-retry.ts). */
  schedule?: Schedule;
}

export interface ReceivedRequest {
  from: string;
  to: string;
  callId: string;
  contentType: string;
  body: string;
}

/** Sealing failures worth trying again later (offline, locked keychain), not the user's fault. */
const TRANSIENT = new Set([
  'unavailable',
  'timeout',
  'dns-servfail',
  'dns-indeterminate',
  'keychain-locked',
  'keychain-unavailable',
]);

/**
 * Chat (wire-profile "Messages"): every outgoing message is stored first (queued), then sealed
 * (S/MIME to the peer's DNS certificates and our own) into the on-disk outbox, which the
 * renderer's SIP UA drains while registered; every incoming MESSAGE is opened and checked here
 * before anything is stored, and answered with the SIP status to send back.
 */
export class MessageService {
  private readonly now: () => number;
  private readonly sealing = new Map<string, Promise<void>>();
  private readonly retryTimer: RetryTimer;

  constructor(private readonly deps: MessageServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.retryTimer = new RetryTimer(() => {
      deps.bus.emit('messages.outboxReady', {});
    }, deps.schedule);
    const requeued = deps.store.messages.requeueInterrupted();
    if (requeued > 0)
      deps.logger.info('messages left sending at the last exit are queued again', { requeued });
  }

  list(peerText: string, before?: number, limit?: number): ChatMessage[] {
    return this.deps.store.messages.list(parsePeer(peerText).key, before, limit);
  }

  async send(peerText: string, text: string): Promise<ChatMessage> {
    const peer = parsePeer(peerText);
    if (keyChanged(this.deps.store.peers.get(peer.key))) {
      throw new YakkerError(
        'bad-request',
        `The security certificate of ${peer.key} changed. Review the change before sending.`,
      );
    }
    const message: ChatMessage = {
      id: randomBytes(16).toString('hex'),
      peer: peer.key,
      direction: 'out',
      text,
      at: this.now(),
      state: 'queued',
    };
    this.deps.store.messages.insert(message);
    this.changed(message);
    await this.prepare(message, peer);
    return this.deps.store.messages.getOutgoing(message.id) ?? message;
  }

  /** A failed message goes back to the queue (the same sealed bytes, re-sealed if it had none). */
  async retry(id: string): Promise<ChatMessage> {
    const message = this.outgoing(id);
    if (message.state === 'sent') return message;
    const queued = this.deps.store.messages.setState(id, 'queued') ?? message;
    this.changed(queued);
    if (this.deps.store.outbox.has(id)) this.deps.bus.emit('messages.outboxReady', {});
    else await this.prepare(queued, parsePeer(queued.peer));
    return this.deps.store.messages.getOutgoing(id) ?? queued;
  }

  /** What the UA should send now, oldest first; each is marked `sending`. */
  async outbox(): Promise<OutboundMessage[]> {
    const { messages, outbox } = this.deps.store;
    for (const m of messages.pendingOutgoing()) {
      if (!outbox.has(m.id)) await this.prepare(m, parsePeer(m.peer));
    }
    const waiting = outbox.waiting();
    // One commit for the batch (each commit is an fsync: synchronous=FULL).
    const marked = this.deps.store.transaction('mark messages as sending', () =>
      waiting
        .filter((o) => messages.getOutgoing(o.id)?.state === 'queued')
        .map((o) => messages.setState(o.id, 'sending')),
    );
    for (const m of marked) if (m) this.changed(m);
    return waiting;
  }

  /**
   * The UA's result for one outbox message: 2xx sent; no response stays queued; a "not now"
   * (RETRY_STATUSES) stays queued and the outbox is drained again later, within RETRY_WINDOW_MS
   * of writing it; anything else failed.
   */
  sent(result: {
    id: string;
    ok: boolean;
    status?: number | undefined;
    reason?: string | undefined;
  }): void {
    const message = this.outgoing(result.id);
    const { store } = this.deps;
    let next: ChatMessage | null;
    if (result.ok) {
      this.retryTimer.succeeded();
      next = store.transaction('record the sent message', () => {
        store.outbox.remove(result.id);
        return store.messages.setState(result.id, 'sent');
      });
    } else if (!result.status) {
      next = store.messages.setState(result.id, 'queued');
    } else if (RETRY_STATUSES.has(result.status) && this.now() - message.at < RETRY_WINDOW_MS) {
      next = store.messages.setState(result.id, 'queued');
      this.retryTimer.later();
    } else {
      next = store.messages.setState(
        result.id,
        'failed',
        deliveryError(result.status, result.reason),
      );
    }
    this.changed(next ?? message);
  }

  async receive(request: ReceivedRequest): Promise<ReceiveStatus> {
    if (!isSmimeContentType(request.contentType)) {
      return { status: 415, reason: 'Unsupported Media Type' };
    }
    const wireSha256 = createHash('sha256').update(request.body).digest('hex');
    try {
      const peer = peerFromSipUri(request.from);
      // The same bytes again (a provider redelivering, a lost 200): accepted, stored once.
      if (this.deps.store.messages.hasWire(peer.key, wireSha256)) return ACCEPTED;
      const account = await this.deps.account.current();
      const certificates = usableCertificates(
        await this.deps.directory.certificates(peer.identity),
        peer.key,
      );
      const credentials = await this.deps.identities.credentials(account.identityRef, 'messages');
      const opened = await this.openWithAny(request.body, certificates, credentials, peer);
      const { store } = this.deps;
      const message: ChatMessage = {
        id: opened.messageId,
        peer: peer.key,
        direction: 'in',
        text: opened.body,
        at: opened.dateTime.getTime(),
        state: 'received',
      };
      const stored = store.transaction('save the received message', () => {
        store.peers.seen(peer.key, fingerprintOf(certificates), this.now());
        return store.messages.insert(message, { unread: true, wireSha256 });
      });
      if (stored) this.changed(message);
      return ACCEPTED;
    } catch (error) {
      const answer = statusFor(error);
      this.deps.logger.warn('incoming MESSAGE refused', {
        from: request.from,
        callId: request.callId,
        status: answer.status,
        code: error instanceof YakkerError ? error.code : 'internal',
        error,
      });
      return answer;
    }
  }

  markRead(peerText: string): void {
    if (this.deps.store.messages.markRead(parsePeer(peerText).key) > 0) {
      this.deps.bus.emit('chats.changed', {});
    }
  }

  chats(): ChatSummary[] {
    return chatRows(this.deps.store.db).map((row) => {
      const peer = this.deps.store.peers.get(row.peer);
      return {
        id: row.peer,
        peer: row.peer,
        displayName: peer?.displayName || row.peer,
        lastMessage: row.lastMessage,
        lastAt: row.lastAt,
        unread: row.unread,
        keyChanged: keyChanged(peer),
      };
    });
  }

  acknowledgeKeyChange(peerText: string): void {
    const key = parsePeer(peerText).key;
    if (!this.deps.store.peers.acknowledge(key)) {
      throw new YakkerError('not-found', `No certificate is known for ${key}.`);
    }
    this.deps.bus.emit('chats.changed', {});
  }

  private outgoing(id: string): ChatMessage {
    const message = this.deps.store.messages.getOutgoing(id);
    if (!message) throw new YakkerError('not-found', `No message ${id}.`);
    return message;
  }

  /** Seals one queued message into the outbox, once at a time per message. */
  private prepare(message: ChatMessage, peer: PeerAddress): Promise<void> {
    const running = this.sealing.get(message.id);
    if (running) return running;
    const work = this.seal(message, peer).finally(() => this.sealing.delete(message.id));
    this.sealing.set(message.id, work);
    return work;
  }

  private async seal(message: ChatMessage, peer: PeerAddress): Promise<void> {
    const { store } = this.deps;
    try {
      const account = await this.deps.account.current();
      const certificates = usableCertificates(
        await this.deps.directory.certificates(peer.identity),
        peer.key,
      );
      const fingerprint = fingerprintOf(certificates);
      const known = store.peers.get(peer.key);
      const row =
        known?.lastFingerprint === fingerprint
          ? known
          : store.peers.seen(peer.key, fingerprint, this.now());
      if (keyChanged(row)) {
        this.deps.bus.emit('chats.changed', {});
        throw new YakkerError(
          'certificate-invalid',
          `The security certificate of ${peer.key} changed. Review the change, then retry.`,
        );
      }
      const sender = await this.deps.identities.current(account.identityRef, 'messages');
      const target = await this.deps.directory.target(peer.key);
      const sealed = sealMessage({
        sender,
        recipients: certificates.map((der) => parseCertificate(der)),
        body: message.text,
        now: new Date(this.now()),
        messageId: message.id,
      });
      store.outbox.add(peer.key, {
        id: message.id,
        target,
        contentType: SMIME_CONTENT_TYPE,
        body: encodeWireBody(sealed.der),
      });
      this.deps.bus.emit('messages.outboxReady', {});
    } catch (error) {
      const code = error instanceof YakkerError ? error.code : 'internal';
      this.deps.logger.warn('could not seal a message', { id: message.id, code, error });
      if (TRANSIENT.has(code)) return; // stays queued; sealed again on the next drain
      const reason =
        error instanceof YakkerError ? error.message : 'Something went wrong while sealing.';
      const failed = store.messages.setState(message.id, 'failed', reason);
      if (failed) this.changed(failed);
    }
  }

  private async openWithAny(
    body: string,
    certificates: readonly Uint8Array[],
    credentials: Awaited<ReturnType<IdentityService['credentials']>>,
    peer: PeerAddress,
  ): Promise<Opened> {
    let last: Error | undefined;
    for (const der of certificates) {
      let senderCertificate: ParsedCertificate;
      try {
        senderCertificate = parseCertificate(der);
      } catch (error) {
        last = error instanceof Error ? error : new Error(String(error));
        continue;
      }
      try {
        return await openMessage({
          message: Buffer.from(body, 'latin1'),
          credentials,
          senderCertificate,
          expectedSender: peer.identity,
          now: new Date(this.now()),
          seenIds: {
            remember: (_sender, id) => Promise.resolve(!this.deps.store.messages.has(peer.key, id)),
          },
        });
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        last = error;
        const code = error instanceof YakkerError ? error.code : '';
        // Another published certificate (a rollover) may be the one that signed.
        if (code !== 'crypto-signature-invalid' && code !== 'crypto-sender-mismatch') throw error;
      }
    }
    throw last ?? new YakkerError('certificate-invalid', 'no usable sender certificate');
  }

  /** Stops the pending "drain again" timer (the app is closing). */
  dispose(): void {
    this.retryTimer.dispose();
  }

  private changed(message: ChatMessage): void {
    this.deps.bus.emit('messages.changed', message);
    this.deps.bus.emit('chats.changed', {});
  }
}

function deliveryError(status: number, reason: string | undefined): string {
  if (status === 404) return 'Not delivered: their provider does not know this address.';
  if (status === 403) return `Not delivered: refused by the other side (${reason ?? 'Forbidden'}).`;
  if (status === 415 || status === 488)
    return 'Not delivered: their app cannot read secure messages.';
  return `Not delivered: ${reason ?? 'error'} (${status}).`;
}
