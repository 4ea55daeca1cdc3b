/**
 * A fake of main's sip.* and account.* contract for unit tests of the renderer's SIP layer: it
 * records every request, lets the test answer `sip.connect`, and plays a tiny registrar that
 * answers whole SIP messages the way a provider would (just enough for JsSIP: REGISTER, MESSAGE).
 */
import type { YakkerApi } from '../../../shared/contract/api';
import type { EventName, EventPayload } from '../../../shared/contract/events';
import type { RequestName } from '../../../shared/contract/requests';
import { err, ok, type Result } from '../../../shared/contract/result';

type Listener = (payload: unknown) => void;

export interface FakeContract {
  api: YakkerApi;
  requests: { name: RequestName; input: unknown }[];
  /** SIP messages JsSIP sent, in order. */
  sent: string[];
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** How the next sip.connect answers (default: a new connection). */
  connectAnswer: () => Result<unknown>;
  /** How the registrar answers a REGISTER (status, reason); default 200 OK. */
  registerAnswer: { status: number; reason: string };
  /** How the registrar answers a MESSAGE we send; default 202 Accepted. */
  messageAnswer: { status: number; reason: string };
  /** Answers to sip.send (default ok); set to an error to make main refuse bytes. */
  sendAnswer: () => Result<unknown>;
  /** The id of the last connection handed out. */
  lastConnectionId: string | null;
  /** Makes the fake registrar answer SIP (otherwise sent messages just pile up in `sent`). */
  autoAnswer: boolean;
}

const header = (message: string, name: string): string =>
  new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(message)?.[1]?.trim() ?? '';

/** A response to `request` with the request's Via/From/To/Call-ID/CSeq, as a registrar sends. */
export function responseTo(request: string, status: number, reason: string): string {
  const vias = request.split('\r\n').filter((l) => /^Via:/i.test(l));
  const to = header(request, 'To');
  return [
    `SIP/2.0 ${status} ${reason}`,
    ...vias,
    `From: ${header(request, 'From')}`,
    `To: ${/;tag=/.test(to) ? to : `${to};tag=fake${status}`}`,
    `Call-ID: ${header(request, 'Call-ID')}`,
    `CSeq: ${header(request, 'CSeq')}`,
    ...(/^REGISTER /.test(request) && status === 200
      ? [`Contact: ${header(request, 'Contact')};expires=600`]
      : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

export function fakeContract(
  sipConfig: Result<unknown> = ok({
    aor: 'sip:+15550100@a.provider.test',
    username: '+15550100',
    password: 'correct horse',
    displayName: 'Alice',
  }),
): FakeContract {
  const listeners = new Map<EventName, Set<Listener>>();
  let nextId = 1;
  const fake: FakeContract = {
    requests: [],
    sent: [],
    lastConnectionId: null,
    autoAnswer: true,
    registerAnswer: { status: 200, reason: 'OK' },
    messageAnswer: { status: 202, reason: 'Accepted' },
    connectAnswer: () => {
      const connectionId = `c${nextId++}`;
      fake.lastConnectionId = connectionId;
      return ok({
        connectionId,
        viaTransport: 'TLS',
        url: 'sips:a.provider.test:5061;transport=tls',
        remote: '127.0.0.1:5061',
      });
    },
    sendAnswer: () => ok({}),
    emit(name, payload) {
      for (const l of listeners.get(name) ?? []) l(payload);
    },
    api: {
      request: (name, input) => {
        fake.requests.push({ name, input });
        let result: Result<unknown>;
        // Only the requests the SIP layer makes are faked; the rest say so.
        // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check
        switch (name) {
          case 'account.sipConfig':
            result = sipConfig;
            break;
          case 'sip.connect':
            result = fake.connectAnswer();
            break;
          case 'sip.send': {
            const { connectionId, data } = input as { connectionId: string; data: string };
            fake.sent.push(data);
            result = fake.sendAnswer();
            if (result.ok && fake.autoAnswer) answer(connectionId, data);
            break;
          }
          case 'sip.disconnect':
            result = ok({});
            break;
          default:
            result = err('not-implemented', `${name} is not faked`);
        }
        // Like IPC: answers arrive on a later turn.
        return new Promise((resolve) =>
          setTimeout(() => {
            resolve(result as never);
          }, 1),
        );
      },
      on: (name, listener) => {
        const set = listeners.get(name) ?? new Set<Listener>();
        listeners.set(name, set);
        set.add(listener as Listener);
        return () => set.delete(listener as Listener);
      },
    },
  };
  const answer = (connectionId: string, data: string) => {
    let reply: string | null = null;
    if (data.startsWith('REGISTER '))
      reply = responseTo(data, fake.registerAnswer.status, fake.registerAnswer.reason);
    else if (data.startsWith('MESSAGE '))
      reply = responseTo(data, fake.messageAnswer.status, fake.messageAnswer.reason);
    if (reply === null) return;
    const out = reply;
    setTimeout(() => {
      fake.emit('sip.data', { connectionId, data: out });
    }, 2);
  };
  return fake;
}

/** Waits until `check` is true (polling the event loop), or fails saying what it waited for. */
export async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
