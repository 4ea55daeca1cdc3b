import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/event-bus';
import { silentLogger } from '../../../main/core/logger';
import { sealMessage } from '../../../main/crypto/smime-message';
import { parseCertificate } from '../../../main/crypto/der';
import { IdentityService } from '../../../main/keystore/identity-service';
import { MessageService } from '../../../main/messaging/message-service';
import type { PeerCertificates, PeerDirectory } from '../../../main/messaging/peer-directory';
import { encodeWireBody, SMIME_CONTENT_TYPE } from '../../../main/messaging/wire-body';
import { ChatStore } from '../../../main/store/chat-store';
import { codeOf } from '../../support/error-code';
import { FakeKeyStore } from '../../support/fake-key-store';

const ALICE_AOR = 'sip:+15550100@a.provider.test';
const BOB_AOR = 'sip:+15550101@b.provider.test';

/** A directory in memory: identity → DER certificates (all "secure"); numbers → AORs. */
class FixedDirectory implements PeerDirectory {
  readonly certs = new Map<string, Uint8Array[]>();
  status: PeerCertificates['status'] = 'secure';
  certificates(identity: string): Promise<PeerCertificates> {
    return Promise.resolve({
      status: this.status,
      certificates: this.status === 'secure' ? (this.certs.get(identity) ?? []) : [],
      reason: 'fixed',
    });
  }
  target(peerKey: string): Promise<string> {
    return Promise.resolve(`sip:${peerKey}@${peerKey === '+15550101' ? 'b' : 'a'}.provider.test`);
  }
}

const der = (pem: string): Uint8Array => new X509Certificate(pem).raw;

let dir: string;
let identities: IdentityService;
let directory: FixedDirectory;
let alice: { service: MessageService; store: ChatStore; bus: EventBus; events: string[] };
let bob: typeof alice;

function side(name: string, ref: string, aor: string): typeof alice {
  const store = ChatStore.open(join(dir, `${name}.db`), silentLogger);
  const bus = new EventBus();
  const events: string[] = [];
  bus.subscribe((event) => events.push(event));
  const service = new MessageService({
    store,
    directory,
    account: { current: () => Promise.resolve({ identityRef: ref, aor }) },
    identities,
    bus,
    logger: silentLogger,
  });
  return { service, store, bus, events };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yakker-messaging-'));
  identities = new IdentityService(new FakeKeyStore());
  directory = new FixedDirectory();
  const a = await identities.create({ tel: '+15550100', sip: ALICE_AOR, name: 'alice' });
  const b = await identities.create({ tel: '+15550101', sip: BOB_AOR, name: 'bob' });
  directory.certs.set('tel:+15550100', [der(a.current.pem)]);
  directory.certs.set('tel:+15550101', [der(b.current.pem)]);
  alice = side('alice', 'alice', ALICE_AOR);
  bob = side('bob', 'bob', BOB_AOR);
});

afterEach(() => {
  alice.store.close();
  bob.store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Alice's outbox → Bob's receive, as the two renderers' UAs would carry it. */
async function deliver(from = ALICE_AOR) {
  const [out] = await alice.service.outbox();
  if (!out) throw new Error('empty outbox');
  const answer = await bob.service.receive({
    from,
    to: out.target,
    callId: 'c1',
    contentType: out.contentType,
    body: out.body,
  });
  return { out, answer };
}

describe('MessageService', () => {
  it('stores first, seals into the outbox, and bob opens what alice sent', async () => {
    const sent = await alice.service.send('+1 555 0101', 'hi bob');
    expect(sent).toMatchObject({
      peer: '+15550101',
      direction: 'out',
      state: 'queued',
      text: 'hi bob',
    });
    expect(alice.events).toContain('messages.outboxReady');
    const { out, answer } = await deliver();
    expect(out).toMatchObject({ id: sent.id, target: BOB_AOR, contentType: SMIME_CONTENT_TYPE });
    expect(out.body).not.toContain('hi bob');
    expect(Buffer.from(out.body, 'base64').toString('latin1')).not.toContain('hi bob');
    expect(answer).toEqual({ status: 200, reason: 'OK' });
    expect(alice.service.list('+15550101')[0]?.state).toBe('sending');
    alice.service.sent({ id: sent.id, ok: true, status: 200 });
    expect(alice.service.list('+15550101')[0]?.state).toBe('sent');
    expect(await alice.service.outbox()).toEqual([]);
    expect(bob.service.list('+15550100')).toEqual([
      expect.objectContaining({ id: sent.id, text: 'hi bob', direction: 'in', state: 'received' }),
    ]);
    expect(bob.service.chats()).toEqual([
      expect.objectContaining({
        peer: '+15550100',
        unread: 1,
        lastMessage: 'hi bob',
        keyChanged: false,
      }),
    ]);
    bob.service.markRead('+15550100');
    expect(bob.service.chats()[0]?.unread).toBe(0);
  });

  it('drops a redelivered copy (same bytes) with 200, storing it once', async () => {
    await alice.service.send('+15550101', 'once');
    const { out } = await deliver();
    const again = await bob.service.receive({
      from: ALICE_AOR,
      to: BOB_AOR,
      callId: 'c2',
      contentType: out.contentType,
      body: out.body,
    });
    expect(again.status).toBe(200);
    expect(bob.service.list('+15550100')).toHaveLength(1);
  });

  it('refuses a replayed id in a new envelope (403), storing nothing new', async () => {
    const first = await alice.service.send('+15550101', 'original');
    await deliver();
    const sender = await identities.current('alice', 'messages');
    const resealed = sealMessage({
      sender,
      recipients: [parseCertificate(directory.certs.get('tel:+15550101')![0]!)],
      body: 'replayed with new text',
      now: new Date(),
      messageId: first.id,
    });
    const answer = await bob.service.receive({
      from: ALICE_AOR,
      to: BOB_AOR,
      callId: 'c3',
      contentType: SMIME_CONTENT_TYPE,
      body: encodeWireBody(resealed.der),
    });
    expect(answer).toEqual({ status: 403, reason: 'Replayed Message' });
    expect(bob.service.list('+15550100').map((m) => m.text)).toEqual(['original']);
  });

  it('refuses a message whose SIP From is not the signer (403), storing nothing', async () => {
    const carol = await identities.create({ tel: '+15550102', name: 'carol' });
    directory.certs.set('tel:+15550102', [der(carol.current.pem)]);
    await alice.service.send('+15550101', 'pretending');
    const { answer } = await deliver('sip:+15550102@a.provider.test');
    expect(answer.status).toBe(403);
    expect(bob.service.chats()).toEqual([]);
  });

  it('answers 400 for garbage, 415 for plaintext, 403 when the sender has no secure certificate', async () => {
    const base = { from: ALICE_AOR, to: BOB_AOR, callId: 'x' };
    expect(
      await bob.service.receive({ ...base, contentType: SMIME_CONTENT_TYPE, body: 'bm90IGNtcw==' }),
    ).toMatchObject({ status: 400 });
    expect(
      await bob.service.receive({ ...base, contentType: 'text/plain', body: 'hello in clear' }),
    ).toMatchObject({ status: 415 });
    expect(
      await bob.service.receive({
        ...base,
        from: 'not a uri',
        contentType: SMIME_CONTENT_TYPE,
        body: 'AA==',
      }),
    ).toMatchObject({ status: 400 });
    await alice.service.send('+15550101', 'x');
    directory.status = 'insecure';
    expect((await deliver()).answer).toMatchObject({ status: 403, reason: 'Sender Not Verified' });
    directory.status = 'indeterminate';
    expect((await deliver()).answer).toMatchObject({ status: 503 });
    expect(bob.service.chats()).toEqual([]);
  });

  it('a "not now" answer (their provider unreachable) keeps it queued and drains again later, with backoff; past the window it fails', async () => {
    let clock = Date.now();
    const timers: { fn: () => void; ms: number }[] = [];
    const events: string[] = [];
    const bus = new EventBus();
    bus.subscribe((event) => events.push(event));
    const service = new MessageService({
      store: alice.store,
      directory,
      account: { current: () => Promise.resolve({ identityRef: 'alice', aor: ALICE_AOR }) },
      identities,
      bus,
      logger: silentLogger,
      now: () => clock,
      schedule: (fn, ms) => {
        timers.push({ fn, ms });
        return () => undefined;
      },
    });
    const m = await service.send('+15550101', 'while their provider restarts');
    expect((await service.outbox()).map((o) => o.id)).toEqual([m.id]);
    service.sent({ id: m.id, ok: false, status: 502, reason: 'Peer Unreachable' });
    expect(service.list('+15550101')[0]?.state).toBe('queued');
    expect(timers.map((t) => t.ms)).toEqual([2000]);
    // A second "not now" while a drain is already scheduled schedules nothing more.
    service.sent({ id: m.id, ok: false, status: 477, reason: 'error sending to next hop' });
    expect(timers).toHaveLength(1);
    events.length = 0;
    timers[0]?.fn();
    expect(events).toEqual(['messages.outboxReady']);
    expect((await service.outbox()).map((o) => o.id)).toEqual([m.id]);
    service.sent({ id: m.id, ok: false, status: 503, reason: 'Service Unavailable' });
    expect(timers.map((t) => t.ms)).toEqual([2000, 4000]);
    // Fifteen minutes after it was written, a "not now" fails it, with Retry for the person.
    clock += 15 * 60_000;
    service.sent({ id: m.id, ok: false, status: 408, reason: 'Request Timeout' });
    expect(service.list('+15550101')[0]).toMatchObject({
      state: 'failed',
      error: 'Not delivered: Request Timeout (408).',
    });
    expect(timers).toHaveLength(2);
    service.dispose();
  });

  it('a success resets the backoff: the next "not now" waits the short time again', async () => {
    const timers: number[] = [];
    const service = new MessageService({
      store: alice.store,
      directory,
      account: { current: () => Promise.resolve({ identityRef: 'alice', aor: ALICE_AOR }) },
      identities,
      bus: new EventBus(),
      logger: silentLogger,
      schedule: (fn, ms) => {
        timers.push(ms);
        fn();
        return () => undefined;
      },
    });
    const [a, b] = [await service.send('+15550101', 'a'), await service.send('+15550101', 'b')];
    service.sent({ id: a.id, ok: false, status: 502 });
    service.sent({ id: a.id, ok: false, status: 502 });
    service.sent({ id: a.id, ok: true, status: 200 });
    service.sent({ id: b.id, ok: false, status: 502 });
    expect(timers).toEqual([2000, 4000, 2000]);
  });

  it('keeps an unsendable message queued (no response), fails it on 404, and retries it', async () => {
    const m = await alice.service.send('+15550101', 'later');
    await alice.service.outbox();
    alice.service.sent({ id: m.id, ok: false, status: 0, reason: 'offline' });
    expect(alice.service.list('+15550101')[0]?.state).toBe('queued');
    const [again] = await alice.service.outbox();
    expect(again?.id).toBe(m.id);
    alice.service.sent({ id: m.id, ok: false, status: 404, reason: 'Not Found' });
    expect(alice.service.list('+15550101')[0]).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/does not know/),
    });
    expect(await alice.service.outbox()).toEqual([]);
    expect((await alice.service.retry(m.id)).state).toBe('queued');
    expect((await alice.service.outbox()).map((o) => o.id)).toEqual([m.id]);
    expect(
      await codeOf(
        Promise.resolve().then(() => {
          alice.service.sent({ id: 'nope', ok: true });
        }),
      ),
    ).toBe('not-found');
  });

  it('sends queued messages in the order written, and a restart keeps the outbox', async () => {
    const ids = [];
    for (const text of ['one', 'two', 'three'])
      ids.push((await alice.service.send('+15550101', text)).id);
    expect((await alice.service.outbox()).map((o) => o.id)).toEqual(ids);
    alice.store.close();
    alice = side('alice', 'alice', ALICE_AOR);
    expect(alice.service.list('+15550101').map((m) => m.state)).toEqual([
      'queued',
      'queued',
      'queued',
    ]);
    expect((await alice.service.outbox()).map((o) => o.id)).toEqual(ids);
  });

  it('fails a message clearly when the peer has no certificate, keeps it queued when DNS is down', async () => {
    const none = await alice.service.send('+15550199', 'nobody');
    expect(none).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/has not published a certificate/),
    });
    directory.status = 'indeterminate';
    const later = await alice.service.send('+15550101', 'when DNS is back');
    expect(later.state).toBe('queued');
    expect(await alice.service.outbox()).toEqual([]);
    directory.status = 'secure';
    expect((await alice.service.outbox()).map((o) => o.id)).toEqual([later.id]);
  });

  it("warns when a peer's certificate changes and blocks sending until acknowledged", async () => {
    await alice.service.send('+15550101', 'before');
    await deliver();
    const renewed = await identities.renew('bob', { newKey: true });
    directory.certs.set('tel:+15550101', [der(renewed.current.pem)]);
    const blocked = await alice.service.send('+15550101', 'after the change');
    expect(blocked).toMatchObject({ state: 'failed', error: expect.stringMatching(/changed/) });
    expect(alice.service.chats()[0]?.keyChanged).toBe(true);
    expect(await codeOf(alice.service.send('+15550101', 'again'))).toBe('bad-request');
    alice.service.acknowledgeKeyChange('+15550101');
    expect(alice.service.chats()[0]?.keyChanged).toBe(false);
    expect((await alice.service.retry(blocked.id)).state).toBe('queued');
    expect((await alice.service.outbox()).map((o) => o.id)).toContain(blocked.id);
    expect(
      await codeOf(
        Promise.resolve().then(() => {
          alice.service.acknowledgeKeyChange('+15550177');
        }),
      ),
    ).toBe('not-found');
  });
});
