import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../shared/contract/areas/messages';
import type { YakkerApi } from '../../../shared/contract/api';
import { MessageBridge } from '../../../renderer/sip/message-bridge';
import type {
  IncomingMessage,
  MessageHandler,
  SendResult,
  SipClient,
  SipState,
} from '../../../renderer/sip/sip-client';

/** A SipClient whose sends are answered from a script; registration is flipped by the test. */
class FakeClient implements SipClient {
  // Cast: the offline state's fields are the UA's business; only `kind` matters here.
  state = { kind: 'offline', reason: 'test', stopped: false } as SipState;
  readonly sent: string[] = [];
  answers: SendResult[] = [];
  handler: MessageHandler | null = null;
  private readonly registered = new Set<(aor: string) => void>();
  sendMessage(target: string, _type: string, body: string): Promise<SendResult> {
    this.sent.push(`${target} ${body}`);
    return Promise.resolve(this.answers.shift() ?? { ok: true, status: 200, reason: 'OK' });
  }
  onMessage(handler: MessageHandler): () => void {
    this.handler = handler;
    return () => (this.handler = null);
  }
  onRegistered(handler: (aor: string) => void): () => void {
    this.registered.add(handler);
    return () => this.registered.delete(handler);
  }
  onStateChange(): () => void {
    return () => undefined;
  }
  register(): void {
    this.state = { kind: 'registered', aor: 'sip:me@a.test' };
    for (const h of this.registered) h('sip:me@a.test');
  }
}

/** Main as the bridge sees it: an outbox and a log of requests. */
function fakeMain(outbox: OutboundMessage[]) {
  const calls: { name: string; input: unknown }[] = [];
  const listeners = new Map<string, () => void>();
  let receiveAnswer: unknown = { ok: true, value: { status: 200, reason: 'OK' } };
  const api = {
    request: (name: string, input: unknown) => {
      calls.push({ name, input });
      if (name === 'messages.outbox') return Promise.resolve({ ok: true, value: outbox.splice(0) });
      if (name === 'messages.receive') return Promise.resolve(receiveAnswer);
      return Promise.resolve({ ok: true, value: {} });
    },
    on: (name: string, listener: () => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    },
  } as unknown as YakkerApi;
  return {
    api,
    calls,
    emit: (name: string) => listeners.get(name)?.(),
    answerReceive: (value: unknown) => (receiveAnswer = value),
  };
}

const out = (id: string): OutboundMessage => ({
  id,
  target: `sip:+15550101@b.test`,
  contentType: 'application/pkcs7-mime; smime-type=enveloped-data',
  body: `body-${id}`,
});
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('MessageBridge', () => {
  it('sends nothing until registered, then drains the outbox in order and reports each result', async () => {
    const main = fakeMain([out('a'), out('b')]);
    const client = new FakeClient();
    new MessageBridge(main.api, client).start();
    await settle();
    expect(client.sent).toEqual([]);
    client.answers = [
      { ok: true, status: 200, reason: 'OK' },
      { ok: false, status: 404, reason: 'Not Found' },
    ];
    client.register();
    await settle();
    expect(client.sent).toEqual(['sip:+15550101@b.test body-a', 'sip:+15550101@b.test body-b']);
    expect(main.calls.filter((c) => c.name === 'messages.sent').map((c) => c.input)).toEqual([
      { id: 'a', ok: true, status: 200, reason: 'OK' },
      { id: 'b', ok: false, status: 404, reason: 'Not Found' },
    ]);
  });

  it('stops draining at the first send with no response (offline again)', async () => {
    const main = fakeMain([out('a'), out('b')]);
    const client = new FakeClient();
    client.register();
    client.answers = [{ ok: false, status: 0, reason: 'no connection' }];
    new MessageBridge(main.api, client).start();
    await settle();
    expect(client.sent).toEqual(['sip:+15550101@b.test body-a']);
  });

  it('drains again when main says outboxReady', async () => {
    const outbox: OutboundMessage[] = [];
    const main = fakeMain(outbox);
    const client = new FakeClient();
    client.register();
    new MessageBridge(main.api, client).start();
    await settle();
    outbox.push(out('late'));
    main.emit('messages.outboxReady');
    await settle();
    expect(client.sent).toEqual(['sip:+15550101@b.test body-late']);
  });

  it("answers incoming MESSAGEs with main's status; a request main refuses is 400, else 500", async () => {
    const main = fakeMain([]);
    const client = new FakeClient();
    new MessageBridge(main.api, client).start();
    const incoming: IncomingMessage = {
      from: 'sip:+15550100@a.test',
      displayName: null,
      to: 'sip:+15550101@b.test',
      contentType: 'application/pkcs7-mime',
      body: 'x',
      header: (name) => (name === 'Call-ID' ? 'call-1' : null),
    };
    main.answerReceive({ ok: true, value: { status: 403, reason: 'Bad Signature' } });
    expect(await client.handler?.(incoming)).toEqual({ status: 403, reason: 'Bad Signature' });
    expect(main.calls.find((c) => c.name === 'messages.receive')?.input).toMatchObject({
      callId: 'call-1',
      from: 'sip:+15550100@a.test',
    });
    main.answerReceive({ ok: false, error: { code: 'bad-request', message: 'body' } });
    expect(await client.handler?.(incoming)).toEqual({ status: 400, reason: 'Bad Request' });
    main.answerReceive({ ok: false, error: { code: 'internal', message: 'bug' } });
    expect(await client.handler?.(incoming)).toMatchObject({ status: 500 });
  });
});
