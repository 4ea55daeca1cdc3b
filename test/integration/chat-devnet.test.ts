/**
 * Chat end to end through a real devnet (signed DNS on NSD, Kamailio A and B): two whole apps
 * (createApp: main/messaging, main/store, main/sip) with their keys in a private gnome-keyring,
 * each driven by the renderer's own SipUserAgent and MessageBridge over the contract handlers.
 * alice (+15550100 on A) and bob (+15550101 on B) exchange messages; every SIP byte the apps
 * send or receive is traced and never holds the plaintext; bob offline gets it from msilo when
 * he registers; a swapped sender and a replayed id sent through Kamailio are refused; history
 * survives re-opening the app; OpenSSL opens what went on the wire. Never skips.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount } from '../../devnet/src/index';
import { createApp, type YakkerApp } from '../../main/app/bootstrap';
import { silentLogger } from '../../main/core/logger';
import { parseCertificate } from '../../main/crypto/der';
import { sealMessage } from '../../main/crypto/smime-message';
import { IdentityService } from '../../main/keystore/identity-service';
import { openKeyStore } from '../../main/keystore/open-key-store';
import { encodeWireBody, SMIME_CONTENT_TYPE } from '../../main/messaging/wire-body';
import { PROFILE_ENV } from '../../main/network/network-profile';
import { MessageBridge } from '../../renderer/sip/message-bridge';
import { SipUserAgent } from '../../renderer/sip/sip-user-agent';
import type { ChatMessage } from '../../shared/contract/areas/messages';
import type { YakkerApi } from '../../shared/contract/api';
import { dispatch } from '../../shared/contract/dispatch';
import type { EventName, EventPayload } from '../../shared/contract/events';
import type { RequestInput, RequestName, RequestOutput } from '../../shared/contract/requests';
import type { Result } from '../../shared/contract/result';
import { startTestDevnet, type TestDevnet } from '../support/devnet-cli';
import { startUa, type TestUa } from '../support/jssip-node';
import { removeHome, startPrivateSession, type PrivateSession } from '../support/private-keyring';

let devnet: TestDevnet;
let session: PrivateSession;
const cleanups: (() => Promise<void> | void)[] = [];
/** Every SIP message either app sent or received, in order. */
const trace: string[] = [];

interface ChatApp {
  user: 'alice' | 'bob';
  account: SeededAccount;
  app: YakkerApp;
  api: YakkerApi;
  ua: SipUserAgent;
  dataDir: string;
  close(): Promise<void>;
}

function apiOf(app: YakkerApp): YakkerApi {
  return {
    request: async <K extends RequestName>(name: K, input: RequestInput<K>) => {
      if (name === 'sip.send') trace.push((input as { data: string }).data);
      return (await dispatch(app.handlers, name, input)) as Result<RequestOutput<K>>;
    },
    on: <E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) => {
      const sub = app.bus.subscribe((n, payload) => {
        if (n === 'sip.data') trace.push((payload as { data: string }).data);
        if (n === name) listener(payload as EventPayload<E>);
      });
      return () => {
        void sub.dispose();
      };
    },
  };
}

async function call<K extends RequestName>(
  chat: ChatApp,
  name: K,
  input: RequestInput<K>,
): Promise<RequestOutput<K>> {
  const result = await chat.api.request(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const keyStoreFor = (user: string) =>
  openKeyStore({ ...session.env, YAKKER_KEYCHAIN_SERVICE: `yakker-chat-test-${user}` });

/** Puts the seeded demo key and certificate into this user's keychain (once). */
async function importDemoIdentity(account: SeededAccount): Promise<string> {
  const identities = new IdentityService(keyStoreFor(account.user));
  const pem = readFileSync(account.key ?? '', 'utf8') + readFileSync(account.certificate, 'utf8');
  const imported = await identities.importFile({
    file: Buffer.from(pem),
    password: null,
    name: account.user,
  });
  return imported.id;
}

/** One app for `user` (a new data folder, or `dataDir` again), registered on its provider. */
async function openApp(
  user: 'alice' | 'bob',
  options: { dataDir?: string; identityId?: string; register?: boolean } = {},
): Promise<ChatApp> {
  const account = devnet.account(user);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `yakker-chat-${user}-`));
  const app = createApp({
    host: 'test',
    version: '0.0.0-test',
    dataDir,
    logger: silentLogger,
    keyStore: keyStoreFor(user),
  });
  const api = apiOf(app);
  const ua = new SipUserAgent(api);
  const chat: ChatApp = {
    user,
    account,
    app,
    api,
    ua,
    dataDir,
    close: async () => {
      ua.stop();
      await new Promise((r) => setTimeout(r, 700));
      await app.dispose();
    },
  };
  if (options.identityId !== undefined) {
    await call(chat, 'account.set', {
      aor: account.sipUri,
      username: account.sipUser,
      password: account.password,
      identityId: options.identityId,
    });
  }
  const stopBridge = new MessageBridge(api, ua).start();
  cleanups.push(stopBridge);
  if (options.register !== false) await registered(chat);
  return chat;
}

async function registered(chat: ChatApp): Promise<void> {
  const done = new Promise<void>((resolve) => {
    const off = chat.ua.onRegistered(() => {
      off();
      resolve();
    });
  });
  await chat.ua.start();
  await within(done, 20_000, `${chat.user} registers`);
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => {
        reject(new Error(`timed out: ${what}`));
      }, ms),
    ),
  ]);
}

/** Resolves with the first messages.changed event on `chat` that matches. */
function changed(chat: ChatApp, match: (m: ChatMessage) => boolean, what: string) {
  return within(
    new Promise<ChatMessage>((resolve) => {
      const off = chat.api.on('messages.changed', (m) => {
        if (match(m)) {
          off();
          resolve(m);
        }
      });
    }),
    20_000,
    what,
  );
}

let alice: ChatApp;
let bob: ChatApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  devnet = await startTestDevnet('yakker-chat-');
  session = await startPrivateSession('unlocked');
  process.env['DBUS_SESSION_BUS_ADDRESS'] = session.env['DBUS_SESSION_BUS_ADDRESS'];
  process.env[PROFILE_ENV] = devnet.profileFile;
  ids['alice'] = await importDemoIdentity(devnet.account('alice'));
  ids['bob'] = await importDemoIdentity(devnet.account('bob'));
  alice = await openApp('alice', { identityId: ids['alice'] });
  bob = await openApp('bob', { identityId: ids['bob'] });
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await alice?.close();
  await bob?.close();
  Reflect.deleteProperty(process.env, PROFILE_ENV);
  await session?.stop();
  if (session) removeHome(session);
  await devnet?.down();
});

describe('chat through the devnet', () => {
  it('alice → bob across providers A and B, and back; sealed on the wire', async () => {
    const text = 'Meet at the usual place at 7? (plaintext-marker-4711)';
    const arrived = changed(bob, (m) => m.direction === 'in', 'bob receives');
    const sentOk = changed(alice, (m) => m.state === 'sent', 'alice sees sent');
    const queued = await call(alice, 'messages.send', { peer: '+15550101', text });
    // Stored first; by the time send returns the bridge may already be sending it.
    expect(queued).toMatchObject({ peer: '+15550101', direction: 'out', text });
    expect(['queued', 'sending', 'sent']).toContain(queued.state);
    const got = await arrived;
    expect(got).toMatchObject({ id: queued.id, peer: '+15550100', text, state: 'received' });
    expect((await sentOk).id).toBe(queued.id);
    expect(await call(bob, 'chats.list', {})).toEqual([
      expect.objectContaining({
        peer: '+15550100',
        unread: 1,
        lastMessage: text,
        keyChanged: false,
      }),
    ]);

    const reply = 'Yes, 7 works (plaintext-marker-0815)';
    const back = changed(alice, (m) => m.direction === 'in', 'alice receives');
    await call(bob, 'messages.send', { peer: 'tel:+15550100', text: reply });
    expect((await back).text).toBe(reply);

    const messages = trace.filter((m) => /^MESSAGE /.test(m));
    expect(messages.length).toBeGreaterThanOrEqual(4); // each sent by one app, received by the other
    expect(messages.every((m) => m.includes(`Content-Type: ${SMIME_CONTENT_TYPE}`))).toBe(true);
    for (const needle of ['plaintext-marker', 'usual place', 'message/cpim']) {
      expect(trace.some((m) => m.includes(needle))).toBe(false);
    }
  });

  it('OpenSSL opens what went on the wire (the body as an S/MIME entity)', () => {
    const wire = trace.find(
      (m) => /^MESSAGE sip:\+15550101@/.test(m) && m.includes(SMIME_CONTENT_TYPE),
    );
    const body = wire?.slice(wire.indexOf('\r\n\r\n') + 4) ?? '';
    const dir = mkdtempSync(join(tmpdir(), 'yakker-chat-openssl-'));
    cleanups.push(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    writeFileSync(
      join(dir, 'wire.p7m'),
      `MIME-Version: 1.0\r\nContent-Type: ${SMIME_CONTENT_TYPE}\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}`,
    );
    const bobAccount = devnet.account('bob');
    const aliceAccount = devnet.account('alice');
    execFileSync('openssl', [
      'cms',
      '-decrypt',
      '-in',
      join(dir, 'wire.p7m'),
      '-recip',
      bobAccount.certificate,
      '-inkey',
      bobAccount.key ?? '',
      '-out',
      join(dir, 'inner.smime'),
    ]);
    const content = execFileSync(
      'openssl',
      [
        'cms',
        '-verify',
        '-in',
        join(dir, 'inner.smime'),
        '-CAfile',
        aliceAccount.certificate,
        '-partial_chain',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ).toString();
    expect(content).toContain('From: <tel:+15550100>');
    expect(content).toContain('plaintext-marker-4711');
  });

  it('bob offline: msilo keeps the ciphertext and delivers it, once, when he registers', async () => {
    bob.ua.stop();
    await new Promise((r) => setTimeout(r, 1000));
    const text = 'while you were away (plaintext-marker-offline)';
    const stored = changed(alice, (m) => m.text === text && m.state === 'sent', 'stored by msilo');
    await call(alice, 'messages.send', { peer: '+15550101', text });
    await stored; // 202 Accepted from provider B's store-and-forward
    const providerB = devnet.profile.providers.find((p) => p.name === 'b')!;
    const siloDump = siloBodies(join(providerB.stateDir, 'silo.sqlite'));
    expect(siloDump).toContain('\n'); // the stored MESSAGE is there...
    expect(siloDump).not.toContain('plaintext-marker-offline'); // ...as ciphertext only

    const arrived = changed(bob, (m) => m.text === text, 'bob gets it on register');
    await registered(bob);
    expect((await arrived).direction).toBe('in');
    await new Promise((r) => setTimeout(r, 6500)); // msilo may re-send before its next check
    const copies = (await call(bob, 'messages.list', { peer: '+15550100' })).filter(
      (m) => m.text === text,
    );
    expect(copies).toHaveLength(1);
  });

  describe('refused through Kamailio, nothing stored', () => {
    let mallory: TestUa;

    beforeAll(async () => {
      // A second registration of bob (a client that is not the app): authenticated as bob.
      const b = devnet.account('bob');
      const provider = devnet.profile.providers.find((p) => p.name === 'b')!;
      mallory = startUa({
        wssUrl: `wss://127.0.0.1:${provider.ports.wss}`,
        caPem: readFileSync(devnet.profile.caCertFile, 'utf8'),
        uri: b.sipUri,
        password: b.password,
      });
      cleanups.push(() => {
        mallory.stop();
      });
      expect(await mallory.registration).toBe(200);
    });

    it('a message alice signed, sent by bob as his own: 403, not stored', async () => {
      // Alice's own copy of her earlier message (sealed to bob and to herself), replayed by bob.
      const wire = trace.find((m) => /^MESSAGE sip:\+15550101@/.test(m))!;
      const body = wire.slice(wire.indexOf('\r\n\r\n') + 4);
      const before = (await call(alice, 'messages.list', { peer: '+15550101' })).length;
      expect(await mallory.send(devnet.account('alice').sipUri, body, SMIME_CONTENT_TYPE)).toBe(
        403,
      );
      expect(await call(alice, 'messages.list', { peer: '+15550101' })).toHaveLength(before);
    });

    it('a replayed message id in a new envelope: 403; the same bytes again: 200, stored once', async () => {
      const [first] = (await call(alice, 'messages.list', { peer: '+15550101' })).filter(
        (m) => m.direction === 'in',
      );
      expect(first).toBeDefined();
      const b = devnet.account('bob');
      const sender = {
        key: (await import('node:crypto')).createPrivateKey(readFileSync(b.key ?? '', 'utf8')),
        certificate: parseCertificate(readFileSync(b.certificate, 'utf8')),
      };
      const aliceCert = parseCertificate(readFileSync(devnet.account('alice').certificate, 'utf8'));
      const replay = sealMessage({
        sender,
        recipients: [aliceCert],
        body: 'replayed (plaintext-marker-replay)',
        now: new Date(),
        messageId: first!.id,
      });
      const to = devnet.account('alice').sipUri;
      expect(await mallory.send(to, encodeWireBody(replay.der), SMIME_CONTENT_TYPE)).toBe(403);

      const fresh = sealMessage({
        sender,
        recipients: [aliceCert],
        body: 'twice',
        now: new Date(),
      });
      const bytes = encodeWireBody(fresh.der);
      expect(await mallory.send(to, bytes, SMIME_CONTENT_TYPE)).toBe(200);
      expect(await mallory.send(to, bytes, SMIME_CONTENT_TYPE)).toBe(200);
      const list = await call(alice, 'messages.list', { peer: '+15550101' });
      expect(list.filter((m) => m.text === 'twice')).toHaveLength(1);
      expect(list.some((m) => m.text.includes('replayed'))).toBe(false);
    });

    it('plaintext is refused with 415 and garbage with 400', async () => {
      const to = devnet.account('alice').sipUri;
      expect(await mallory.send(to, 'hello in the clear', 'text/plain')).toBe(415);
      expect(await mallory.send(to, 'bm90IGEgQ01TIG1lc3NhZ2U=', SMIME_CONTENT_TYPE)).toBe(400);
    });
  });

  it('history survives closing and re-opening the app', async () => {
    const before = await call(alice, 'messages.list', { peer: '+15550101' });
    expect(before.length).toBeGreaterThanOrEqual(4);
    await alice.close();
    alice = await openApp('alice', { dataDir: alice.dataDir, register: false });
    expect(await call(alice, 'messages.list', { peer: '+15550101' })).toEqual(before);
    expect((await call(alice, 'chats.list', {}))[0]).toMatchObject({ peer: '+15550101' });
  });
});

function siloBodies(file: string): string {
  return execFileSync('sqlite3', ['-batch', file, 'SELECT body FROM silo;']).toString();
}
