import { afterEach, describe, expect, it } from 'vitest';
import { err } from '../../../shared/contract/result';
import type { SipState } from '../../../renderer/sip/sip-client';
import { SipUserAgent } from '../../../renderer/sip/sip-user-agent';
import { fakeContract, until } from './sip-fake-contract';

/** Real JsSIP over the contract socket against the fake registrar in sip-fake-contract.ts. */
const agents: SipUserAgent[] = [];
afterEach(() => {
  for (const a of agents.splice(0)) a.stop();
});

function agent(fake = fakeContract()) {
  const ua = new SipUserAgent(fake.api);
  agents.push(ua);
  const states: SipState['kind'][] = [];
  ua.onStateChange((s) => states.push(s.kind));
  return { ua, fake, states };
}

const incomingMessage = (body: string) =>
  [
    'MESSAGE sip:+15550100@a.provider.test SIP/2.0',
    'Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bKfake1',
    'From: "Bob" <sip:+15550200@b.provider.test>;tag=bob1',
    'To: <sip:+15550100@a.provider.test>',
    'Call-ID: msg-1@fake',
    'CSeq: 1 MESSAGE',
    'Max-Forwards: 69',
    'Identity: eyJhbGciOiJFUzI1NiJ9.x.y;info=<https://b/cert>',
    'Content-Type: text/plain',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');

describe('SipUserAgent (JsSIP over the contract)', () => {
  it('registers with the account from account.sipConfig and says so', async () => {
    const { ua, fake, states } = agent();
    const registered: string[] = [];
    ua.onRegistered((aor) => registered.push(aor));
    await ua.start();
    await until(() => ua.state.kind === 'registered', 'registered');
    expect(states).toEqual(['connecting', 'connected', 'registered']);
    expect(registered).toEqual(['sip:+15550100@a.provider.test']);
    const register = fake.sent.find((m) => m.startsWith('REGISTER '));
    expect(register).toMatch(/^REGISTER sip:a\.provider\.test SIP\/2\.0/);
    expect(register).toMatch(/^Via: SIP\/2\.0\/TLS /m);
    expect(register).toMatch(/^From: "Alice" <sip:\+15550100@a\.provider\.test>/m);
  });

  it('without an account it stays unconfigured and never connects', async () => {
    const { ua, fake } = agent(fakeContract(err('not-configured', 'No SIP account yet.')));
    await ua.start();
    expect(ua.state).toEqual({
      kind: 'unconfigured',
      reason: 'No account yet. Set up your number in Settings → Account to start calling.',
    });
    expect(fake.requests.map((r) => r.name)).toEqual(['account.sipConfig']);
    expect(await ua.sendMessage('sip:+15550200@b.provider.test', 'text/plain', 'hi')).toEqual({
      ok: false,
      status: 0,
      reason: 'Not connected to your provider.',
    });
  });

  it('a refused password is offline with plain words', async () => {
    const fake = fakeContract();
    fake.registerAnswer = { status: 403, reason: 'Forbidden' };
    const { ua } = agent(fake);
    await ua.start();
    await until(() => ua.state.kind === 'offline', 'offline');
    expect(ua.state).toEqual({
      kind: 'offline',
      reason:
        'Your provider refused the user name or password (403 Forbidden). Check them in Settings → Account.',
      stopped: false,
    });
  });

  it('a closed connection reconnects and registers again (JsSIP recovery)', async () => {
    const { ua, fake, states } = agent();
    let registrations = 0;
    ua.onRegistered(() => registrations++);
    await ua.start();
    await until(() => ua.state.kind === 'registered', 'registered');
    const first = fake.lastConnectionId;
    fake.emit('sip.closed', {
      connectionId: first ?? '',
      reason: 'The provider restarted.',
      error: true,
    });
    expect(ua.state).toEqual({ kind: 'connecting', attempt: 1, reason: 'The provider restarted.' });
    await until(() => registrations === 2, 'a second registration', 5000);
    expect(fake.lastConnectionId).not.toBe(first);
    expect(states.slice(-3)).toEqual(['connecting', 'connected', 'registered']);
  });

  it('sendMessage resolves with the final response', async () => {
    const fake = fakeContract();
    const { ua } = agent(fake);
    await ua.start();
    await until(() => ua.state.kind === 'registered', 'registered');
    expect(
      await ua.sendMessage('sip:+15550200@b.provider.test', 'application/pkcs7-mime', 'AAAA'),
    ).toEqual({
      ok: true,
      status: 202,
      reason: 'Accepted',
    });
    const sent = fake.sent.find((m) => m.startsWith('MESSAGE '));
    expect(sent).toMatch(/^Content-Type: application\/pkcs7-mime/m);
    expect(sent?.endsWith('\r\n\r\nAAAA')).toBe(true);
    fake.messageAnswer = { status: 404, reason: 'Not Found' };
    expect(await ua.sendMessage('sip:+15550299@b.provider.test', 'text/plain', 'x')).toEqual({
      ok: false,
      status: 404,
      reason: 'Not Found',
    });
  });

  it('answers an incoming MESSAGE with what the (async) handler decided, and 480 without one', async () => {
    const fake = fakeContract();
    const { ua } = agent(fake);
    await ua.start();
    await until(() => ua.state.kind === 'registered', 'registered');
    const id = fake.lastConnectionId ?? '';
    const lastResponse = () => fake.sent.filter((m) => m.startsWith('SIP/2.0 ')).at(-1) ?? '';

    fake.emit('sip.data', { connectionId: id, data: incomingMessage('first') });
    await until(() => lastResponse() !== '', 'a response');
    expect(lastResponse()).toMatch(/^SIP\/2\.0 480 Temporarily Unavailable/);

    const received: { from: string; body: string; identity: string | null; name: string | null }[] =
      [];
    ua.onMessage(async (m) => {
      received.push({
        from: m.from,
        body: m.body,
        identity: m.header('Identity'),
        name: m.displayName,
      });
      await new Promise((r) => setTimeout(r, 20));
      return { status: 488, reason: 'Not Acceptable Here' };
    });
    const before = fake.sent.length;
    fake.emit('sip.data', {
      connectionId: id,
      data: incomingMessage('second').replace('msg-1@fake', 'msg-2@fake').replace('fake1', 'fake2'),
    });
    await until(() => fake.sent.length > before, 'the second response');
    expect(received).toEqual([
      {
        from: 'sip:+15550200@b.provider.test',
        body: 'second',
        identity: 'eyJhbGciOiJFUzI1NiJ9.x.y;info=<https://b/cert>',
        name: 'Bob',
      },
    ]);
    expect(lastResponse()).toMatch(/^SIP\/2\.0 488 Not Acceptable Here/);
    // Exactly one final response: JsSIP's automatic 200 did not go out as well.
    expect(fake.sent.filter((m) => /^SIP\/2\.0 200/.test(m) && m.includes('msg-2@fake'))).toEqual(
      [],
    );

    ua.onMessage(() => {
      throw new Error('store is broken');
    });
    fake.emit('sip.data', {
      connectionId: id,
      data: incomingMessage('third').replace('msg-1@fake', 'msg-3@fake').replace('fake1', 'fake3'),
    });
    await until(() => lastResponse().includes('msg-3@fake'), 'the third response');
    expect(lastResponse()).toMatch(/^SIP\/2\.0 500 /);
  });

  it('stop unregisters and stays offline', async () => {
    const { ua, fake } = agent();
    await ua.start();
    await until(() => ua.state.kind === 'registered', 'registered');
    ua.stop();
    expect(ua.state).toEqual({ kind: 'offline', reason: 'Signed out of calling.', stopped: true });
    await until(
      () => fake.sent.filter((m) => m.startsWith('REGISTER ')).length === 2,
      'un-REGISTER',
    );
    expect(fake.sent.filter((m) => m.startsWith('REGISTER ')).at(-1)).toMatch(/^Expires: 0/m);
  });
});
