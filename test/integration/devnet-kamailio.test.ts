/**
 * The devnet provider SIP server (devnet/src/provider.ts): two real Kamailio instances on
 * loopback, JsSIP users over WSS that trust the devnet CA explicitly. Needs the Debian packages
 * in .ci/apt-packages.txt (kamailio + tls/websocket/sqlite modules, sqlite3, openssl): without
 * them these tests fail, they never skip. YAKKER_DEVNET_KEEP=1 keeps the state folder (debugging).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createTlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureDevnetCa,
  issueServerCertificate,
  kamailioPids,
  startProvider,
  type RunningProvider,
} from '../../devnet/src/index';
import { startUa, type TestUa } from '../support/jssip-node';
import { rawSip, sipRequest } from '../support/raw-sip';

const A = 'a.provider.test';
const B = 'b.provider.test';
const PASSWORDS = { alice: 'alice-pass-1', bob: 'bob-pass-22', dave: 'dave-pass-333' };

let root: string;
let a: RunningProvider;
let b: RunningProvider;
const uas: TestUa[] = [];

function ua(provider: RunningProvider, user: string, password: string): TestUa {
  const u = startUa({
    wssUrl: `wss://127.0.0.1:${provider.ports.wss}`,
    caPem: provider.caCertPem,
    uri: `sip:${user}@${provider.domain}`,
    password,
  });
  uas.push(u);
  return u;
}

const baseHeaders = (method: string, contentLength: number | string): string[] => [
  `${method} sip:bob@${A} SIP/2.0`,
  'Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKraw1',
  'Max-Forwards: 5',
  `From: <sip:mallory@${A}>;tag=1`,
  `To: <sip:bob@${A}>`,
  'Call-ID: raw-1@devnet.invalid',
  `CSeq: 1 ${method}`,
  `Content-Length: ${contentLength}`,
];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'yakker-devnet-'));
  const ca = await ensureDevnetCa(join(root, 'ca'));
  b = await startProvider({ name: 'b', domain: B, stateDir: join(root, 'b'), ca });
  a = await startProvider({
    name: 'a',
    domain: A,
    stateDir: join(root, 'a'),
    ca,
    peers: [{ domain: B, tlsPort: b.ports.tls }],
  });
  await b.setPeer(A, a.ports.tls);
  for (const [user, password] of Object.entries(PASSWORDS)) await a.addUser(user, password);
  await b.addUser('carol', 'carol-pass-4444');
});

afterAll(async () => {
  for (const u of uas) u.stop();
  await Promise.all([a?.stop(), b?.stop()]);
  if (root && !process.env['YAKKER_DEVNET_KEEP']) rmSync(root, { recursive: true, force: true });
});

describe('devnet provider SIP server (Kamailio)', () => {
  it('listens on four distinct loopback ports per provider and shares the devnet CA', () => {
    const ports = [...Object.values(a.ports), ...Object.values(b.ports)];
    expect(new Set(ports).size).toBe(8);
    expect(a.caCertPem).toBe(b.caCertPem);
    expect(a.caCertPem).toContain('BEGIN CERTIFICATE');
  });

  it('registers over WSS with the issued credentials and refuses a wrong password', async () => {
    expect(await ua(a, 'alice', PASSWORDS.alice).registration).toBe(200);
    const wrong = await ua(a, 'bob', 'not-bobs-password').registration;
    expect([401, 403]).toContain(wrong);
    const unknown = await ua(a, 'nobody', 'whatever-pass').registration;
    expect([401, 403]).toContain(unknown);
  });

  it('credentials are live: added and removed without a restart', async () => {
    await a.addUser('erin', 'erin-pass-55555');
    expect(await ua(a, 'erin', 'erin-pass-55555').registration).toBe(200);
    expect(await a.removeUser('erin')).toBe(true);
    expect([401, 403]).toContain(await ua(a, 'erin', 'erin-pass-55555').registration);
  });

  it('delivers a MESSAGE between two users of the same provider', async () => {
    const alice = ua(a, 'alice', PASSWORDS.alice);
    const bob = ua(a, 'bob', PASSWORDS.bob);
    expect(await alice.registration).toBe(200);
    expect(await bob.registration).toBe(200);
    expect(await alice.send(`sip:bob@${A}`, 'hello bob')).toBe(200);
    const got = await bob.nextMessage();
    expect(got).toMatchObject({ from: `sip:alice@${A}`, body: 'hello bob' });
    expect(await alice.send(`sip:nobody@${A}`, 'to no one')).toBe(404);
  });

  it('stores a MESSAGE for an offline user and delivers it, once, when the user registers', async () => {
    const alice = ua(a, 'alice', PASSWORDS.alice);
    expect(await alice.registration).toBe(200);
    const body = 'U2FsdGVkX1+opaque-ciphertext==';
    expect(await alice.send(`sip:dave@${A}`, body, 'application/pkcs7-mime')).toBe(202);
    expect(await a.storedMessageCount('dave')).toBe(1);

    const dave = ua(a, 'dave', PASSWORDS.dave);
    expect(await dave.registration).toBe(200);
    const got = await dave.nextMessage();
    expect(got).toEqual({
      from: `sip:alice@${A}`,
      body,
      contentType: 'application/pkcs7-mime',
    });
    // msilo deletes a delivered message on its next check (check_time 5 s).
    for (let i = 0; i < 80 && (await a.storedMessageCount('dave')) > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await a.storedMessageCount('dave')).toBe(0);
    expect(dave.messages).toEqual([]);
  });

  it("stores a MESSAGE when the user's connection is gone without unregistering", async () => {
    await a.addUser('gina', 'gina-pass-7777777');
    const gina = ua(a, 'gina', 'gina-pass-7777777');
    expect(await gina.registration).toBe(200);
    gina.socket.cut(); // no unregister reaches the server, no reconnect follows
    gina.ua.stop();
    await new Promise((r) => setTimeout(r, 200));
    const alice = ua(a, 'alice', PASSWORDS.alice);
    expect(await alice.registration).toBe(200);
    expect(await alice.send(`sip:gina@${A}`, 'while you were away')).toBe(202);
    expect(await a.storedMessageCount('gina')).toBe(1);
    const back = ua(a, 'gina', 'gina-pass-7777777');
    expect(await back.registration).toBe(200);
    expect(await back.nextMessage()).toMatchObject({ body: 'while you were away' });
  });

  it('routes a MESSAGE across providers, A to B and back', async () => {
    const alice = ua(a, 'alice', PASSWORDS.alice);
    const carol = ua(b, 'carol', 'carol-pass-4444');
    expect(await alice.registration).toBe(200);
    expect(await carol.registration).toBe(200);
    expect(await alice.send(`sip:carol@${B}`, 'hi carol, from A')).toBe(200);
    expect(await carol.nextMessage()).toMatchObject({
      from: `sip:alice@${A}`,
      body: 'hi carol, from A',
    });
    expect(await carol.send(`sip:alice@${A}`, 'hi alice, from B')).toBe(200);
    const back = await alice.nextMessage();
    expect(back).toMatchObject({ from: `sip:carol@${B}`, body: 'hi alice, from B' });
    expect(await alice.send('sip:zed@c.provider.test', 'nowhere')).toBe(404);
  });

  it("accepts another provider's user only from that provider (mutual TLS)", async () => {
    // carol@B's MESSAGE straight to A over TCP, not from B's Kamailio: refused.
    const spoofed = await rawSip(
      a.ports.tcp,
      sipRequest([
        `MESSAGE sip:alice@${A} SIP/2.0`,
        'Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKspoof',
        'Max-Forwards: 5',
        `From: <sip:carol@${B}>;tag=3`,
        `To: <sip:alice@${A}>`,
        'Call-ID: spoof-1@devnet.invalid',
        'CSeq: 1 MESSAGE',
        'Content-Length: 0',
      ]),
    );
    expect(spoofed.reply).toMatch(/^SIP\/2\.0 403 /);
    spoofed.socket.destroy();

    // A peer route to a TLS server whose certificate is not from the devnet CA: A's Kamailio
    // refuses the handshake, so no SIP byte reaches it and the sender gets an error.
    const rogueCa = await ensureDevnetCa(join(root, 'rogue-ca'));
    const rogueCert = await issueServerCertificate(rogueCa, join(root, 'rogue'), {
      fileStem: 'rogue',
      dnsNames: ['c.provider.test'],
      ips: ['127.0.0.1'],
    });
    let received = '';
    const rogue = createTlsServer(
      { key: readFileSync(rogueCert.keyPath), cert: rogueCert.certPem },
      (s) => {
        s.on('data', (d: Buffer) => (received += d.toString('latin1')));
        s.on('error', () => undefined);
      },
    );
    rogue.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => rogue.listen(0, '127.0.0.1', resolve));
    const address = rogue.address();
    if (!address || typeof address !== 'object') throw new Error('rogue server has no port');
    try {
      await a.setPeer('c.provider.test', address.port);
      const alice = ua(a, 'alice', PASSWORDS.alice);
      expect(await alice.registration).toBe(200);
      const status = await alice.send('sip:zed@c.provider.test', 'for the rogue');
      expect(status).toBe(502);
      expect(received).toBe('');
    } finally {
      await a.removePeer('c.provider.test');
      await new Promise((resolve) => rogue.close(resolve));
    }
  });

  it('answers malformed SIP with an error or a closed connection, and keeps serving', async () => {
    const port = a.ports.tcp;
    const garbage = await rawSip(port, '\x00\x01\x02 not sip at all\r\n\r\n');
    expect(garbage.closed || /^SIP\/2\.0 4\d\d/.test(garbage.reply)).toBe(true);

    const missing = await rawSip(
      port,
      sipRequest([`MESSAGE sip:bob@${A} SIP/2.0`, `To: <sip:bob@${A}>`, 'Content-Length: 0']),
    );
    expect(missing.closed || /^SIP\/2\.0 4\d\d/.test(missing.reply)).toBe(true);

    const badCseq = await rawSip(
      port,
      sipRequest(
        baseHeaders('MESSAGE', 0).map((h) => (h.startsWith('CSeq') ? 'CSeq: x MESSAGE' : h)),
      ),
    );
    expect(badCseq.reply).toMatch(/^SIP\/2\.0 400 /);
    badCseq.socket.destroy();

    const tooBig = await rawSip(
      port,
      sipRequest(baseHeaders('MESSAGE', 40_000), 'x'.repeat(40_000)),
    );
    expect(tooBig.closed || /^SIP\/2\.0 513 /.test(tooBig.reply)).toBe(true);
    tooBig.socket.destroy();

    const hugeLength = await rawSip(
      port,
      sipRequest(baseHeaders('MESSAGE', 999_999_999), 'y'.repeat(70_000)),
    );
    expect(hugeLength.closed).toBe(true);

    // A huge Content-Length with no body yet: Kamailio waits for it (stream framing), holding
    // only that connection; everyone else is served meanwhile.
    const pending = await rawSip(port, sipRequest(baseHeaders('MESSAGE', 999_999_999)), 200);
    expect(pending.reply).toBe('');

    const relay = await rawSip(
      port,
      sipRequest([
        'MESSAGE sip:x@elsewhere.test SIP/2.0',
        'Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKraw2',
        'Max-Forwards: 5',
        'From: <sip:m@evil.test>;tag=2',
        'To: <sip:x@elsewhere.test>',
        'Call-ID: raw-2@devnet.invalid',
        'CSeq: 1 MESSAGE',
        'Content-Length: 0',
      ]),
    );
    expect(relay.reply).toMatch(/^SIP\/2\.0 403 /);
    relay.socket.destroy();

    expect(await ua(a, 'bob', PASSWORDS.bob).registration).toBe(200);
    pending.socket.destroy();
    expect(await kamailioPids(a.configPath)).toContain(a.pid);
  });

  it('keeps stored messages across a restart in the same state folder', async () => {
    await a.addUser('frank', 'frank-pass-666666');
    const alice = ua(a, 'alice', PASSWORDS.alice);
    expect(await alice.registration).toBe(200);
    expect(await alice.send(`sip:frank@${A}`, 'sent before the restart')).toBe(202);
    alice.stop();
    const ports = a.ports;
    await a.stop();
    a = await startProvider({
      name: 'a',
      domain: A,
      stateDir: join(root, 'a'),
      ca: await ensureDevnetCa(join(root, 'ca')),
      ports,
    });
    expect(a.ports).toEqual(ports);
    expect(await a.storedMessageCount('frank')).toBe(1);
    const frank = ua(a, 'frank', 'frank-pass-666666');
    expect(await frank.registration).toBe(200);
    expect(await frank.nextMessage()).toMatchObject({
      from: `sip:alice@${A}`,
      body: 'sent before the restart',
    });
  });

  it('stop() ends every Kamailio process of the provider', async () => {
    for (const u of uas.splice(0)) u.stop();
    const pidsBefore = await kamailioPids(b.configPath);
    expect(pidsBefore.length).toBeGreaterThan(3);
    await b.stop();
    await a.stop();
    expect(await kamailioPids(b.configPath)).toEqual([]);
    expect(await kamailioPids(a.configPath)).toEqual([]);
    const pgrep = (): string => {
      try {
        return execFileSync('pgrep', ['-f', root], { encoding: 'utf8' }).trim();
      } catch {
        return ''; // exit 1: nothing matched
      }
    };
    expect(pgrep()).toBe('');
  });
});
