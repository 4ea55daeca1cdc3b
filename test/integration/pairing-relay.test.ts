/**
 * Pairing through the relay mailbox of a real devnet's directory service (`yakker devnet up` in
 * a temporary state folder), with real keychains (gnome-keyring on a private D-Bus session, one keychain service per device), all on
 * 127.0.0.1: the joiner ends with the holder's certificate when the LAN path is off; a hostile
 * relay in front of the real one (flip, drop, reorder, inject) makes both sides abort with
 * nothing stored and no transfer before the holder's user confirmed; a dead relay and a relay
 * that never had the mailbox give plain errors. Expiry of a mailbox: pairing-relay-expiry.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevnetCa, type DevnetCa } from '../../devnet/src/index';
import { IdentityService } from '../../main/keystore/identity-service';
import { openKeyStore } from '../../main/keystore/open-key-store';
import { readNetworkProfile } from '../../main/network/network-profile';
import { PairingService } from '../../main/pairing/pairing-service';
import type { SharedSettings } from '../../main/pairing/pairing-transfer';
import { relayFromProfile, type PairingNetwork } from '../../main/pairing/relay-config';
import type { PairingStatus } from '../../shared/contract/requests';
import { parsePairingText } from '../../shared/pairing/pairing-code';
import { startDirectoryDevnet, type DirectoryDevnet } from '../support/devnet-directory';
import {
  removeHome,
  requireKeyringTools,
  startPrivateSession,
  type PrivateSession,
} from '../support/private-keyring';
import {
  passThrough,
  startRelayProxy,
  type ProxyDirection,
  type ProxyRule,
  type RelayProxy,
} from '../support/pairing/relay-proxy';

let devnet: DirectoryDevnet;
let keyring: PrivateSession;
let network: PairingNetwork;
let ca: DevnetCa;
let proxy: RelayProxy;
const disposers: (() => void)[] = [];

beforeAll(async () => {
  requireKeyringTools();
  [devnet, keyring] = await Promise.all([
    startDirectoryDevnet('pairing-relay'),
    startPrivateSession('unlocked'),
  ]);
  // The keychain addon reaches the bus named in this process's environment. Both devices use
  // it, each under its own keychain service name (two separate sets of keys).
  process.env['DBUS_SESSION_BUS_ADDRESS'] = keyring.env['DBUS_SESSION_BUS_ADDRESS'];
  network = relayFromProfile(readNetworkProfile(join(devnet.stateDir, 'devnet.json'), 'env'));
  ca = await ensureDevnetCa(join(devnet.stateDir, 'ca'));
  proxy = await startRelayProxy({
    upstream: devnet.profile.directoryUrl ?? '',
    ca,
    dir: join(devnet.stateDir, 'relay-proxy'),
  });
}, 180_000);

afterAll(async () => {
  disposers.splice(0).forEach((d) => {
    d();
  });
  await proxy?.stop();
  await keyring?.stop();
  if (keyring) removeHome(keyring);
  await devnet?.stop();
}, 60_000);

const SETTINGS: SharedSettings = {
  displayName: 'Alice',
  defaultCountry: 'US',
  privateLookups: false,
};
/** Short step timeouts so that a dropped frame ends the test quickly (a mechanism, not a check). */
const TIMEOUTS = { stepMs: 4000, userMs: 8000 };

interface Device {
  identities: IdentityService;
  pairing: PairingService;
  statuses: PairingStatus[];
  final(role: PairingStatus['role']): Promise<PairingStatus>;
  onConfirmNeeded: () => void;
}

let deviceCount = 0;
function device(lan: boolean, net: PairingNetwork): Device {
  const env = {
    ...keyring.env,
    YAKKER_KEYCHAIN_SERVICE: `yakker-relay-${process.pid}-${++deviceCount}`,
  };
  const identities = new IdentityService(openKeyStore(env));
  const waiting = new Map<string, (s: PairingStatus) => void>();
  const finals = new Map<string, Promise<PairingStatus>>();
  for (const role of ['holder', 'joiner'])
    finals.set(role, new Promise((resolve) => waiting.set(role, resolve)));
  const dev: Device = {
    identities,
    statuses: [],
    final: (role) => finals.get(role) ?? Promise.reject(new Error(role)),
    onConfirmNeeded: () => undefined,
    pairing: new PairingService({
      identities,
      settings: { get: () => Promise.resolve(SETTINGS), apply: () => Promise.resolve() },
      onChange: (status) => {
        dev.statuses.push(status);
        if (status.state === 'confirm-needed') dev.onConfirmNeeded();
        if (status.state === 'done' || status.state === 'failed')
          waiting.get(status.role)?.(status);
      },
      hosts: () => ['127.0.0.1'],
      lan,
      network: () => net,
      timeouts: TIMEOUTS,
      deviceName: `device ${deviceCount}`,
    }),
  };
  disposers.push(() => {
    dev.pairing.dispose();
  });
  return dev;
}

interface Outcome {
  holder: PairingStatus;
  joiner: PairingStatus;
  holderId: string;
  offerText: string;
}

/**
 * Holder offers, joiner joins, the holder's user types the joiner's code (or `typed`; null: the
 * user has not typed anything yet).
 */
async function pair(h: Device, j: Device, typed?: string | null): Promise<Outcome> {
  const id = await h.identities.create({ tel: '+15550100', name: 'Alice' });
  const offer = await h.pairing.start(id.id);
  let codeOf: (code: string) => void = () => undefined;
  const joinerCode = new Promise<string>((resolve) => (codeOf = resolve));
  h.onConfirmNeeded = () => {
    if (typed === null) return;
    void joinerCode.then((code) => h.pairing.confirm(typed ?? code)).catch(() => undefined);
  };
  const joiner = j.pairing.join(offer.text, 'New phone').then(
    (shown) => {
      codeOf(shown.code ?? '');
      return j.final('joiner');
    },
    (error: unknown) => {
      const e = error as { code?: string; message?: string };
      return {
        role: 'joiner',
        state: 'failed',
        error: { code: e.code ?? 'internal', message: e.message ?? '' },
      } as PairingStatus;
    },
  );
  const [holder, joined] = await Promise.all([h.final('holder'), joiner]);
  return { holder, joiner: joined, holderId: id.id, offerText: offer.text };
}

function sent(direction: ProxyDirection) {
  return proxy.frames.filter((f) => f.direction === direction);
}

/** Nothing of the identity reached the joiner, and no transfer left before the user confirmed. */
async function expectNothingLeaked(h: Device, j: Device, outcome: Outcome): Promise<void> {
  expect(await j.identities.list()).toEqual([]);
  expect(h.statuses.map((s) => s.state)).not.toContain('transferring');
  // Message 2 is 32 + 15..79 + 16 bytes and HOLDER_DENY/ABORT are small; a transfer is > 300.
  for (const frame of sent('to-joiner')) expect(frame.bytes.length).toBeLessThan(200);
  const pem = (await h.identities.get(outcome.holderId)).current.pem;
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  for (const frame of proxy.frames)
    expect(Buffer.from(frame.bytes).includes(der.subarray(0, 64))).toBe(false);
}

/** A port nobody listens on: opened on 127.0.0.1, then closed. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

const flipAt =
  (direction: ProxyDirection, index: number): ProxyRule =>
  (d, i, frame) => {
    if (d !== direction || i !== index) return [frame];
    const copy = frame.slice();
    copy[copy.length - 3]! ^= 0x01;
    return [copy];
  };

describe('pairing through the devnet relay', () => {
  it('the code carries the relay mailbox; with the joiner off the LAN, the relay carries the session', async () => {
    proxy.rule = passThrough;
    const h = device(true, network);
    const j = device(false, network);
    const outcome = await pair(h, j);
    const { code } = parsePairingText(outcome.offerText);
    const relay = code.rendezvous.find((r) => r.kind === 'relay');
    expect(relay).toMatchObject({ kind: 'relay', url: `${devnet.profile.directoryUrl}/v1/relay` });
    expect(code.rendezvous.some((r) => r.kind === 'tcp')).toBe(true);
    expect(outcome.holder, JSON.stringify(outcome.holder)).toMatchObject({ state: 'done' });
    expect(outcome.joiner, JSON.stringify(outcome.joiner)).toMatchObject({ state: 'done' });
    const sentFp = (await h.identities.get(outcome.holderId)).current.fingerprint;
    const received = await j.identities.list();
    expect(received.map((r) => r.current.fingerprint)).toEqual([sentFp]);
    expect(outcome.joiner.identity?.fingerprint).toBe(sentFp);
  });

  it('a holder with the LAN off offers only the relay; a joiner that tries the LAN first still pairs', async () => {
    const p = { ...network, relay: network.relay && { ...network.relay, url: proxy.url } };
    proxy.rule = passThrough;
    proxy.frames.length = 0;
    const h = device(false, p);
    const j = device(true, p);
    const outcome = await pair(h, j);
    const { code } = parsePairingText(outcome.offerText);
    expect(code.rendezvous.map((r) => r.kind)).toEqual(['relay']);
    expect(outcome.joiner).toMatchObject({ state: 'done' });
    expect(outcome.holder).toMatchObject({ state: 'done' });
    // The whole exchange went through the relay: 3 frames each way (hello, confirm, ack / transfer).
    expect(sent('to-holder')).toHaveLength(3);
    expect(sent('to-joiner')).toHaveLength(3);
    // What crossed is ciphertext: the certificate's bytes do not appear in it.
    const pem = (await h.identities.get(outcome.holderId)).current.pem;
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    for (const frame of proxy.frames)
      expect(Buffer.from(frame.bytes).includes(der.subarray(0, 64))).toBe(false);
  });
});

describe('a hostile relay', () => {
  const viaProxy = (): PairingNetwork => ({
    ...network,
    relay: network.relay && { ...network.relay, url: proxy.url },
  });

  async function attack(rule: ProxyRule, typed?: null) {
    proxy.rule = rule;
    proxy.frames.length = 0;
    const h = device(false, viaProxy());
    const j = device(false, viaProxy());
    const outcome = await pair(h, j, typed);
    return { h, j, outcome };
  }

  it('flips a bit of message 1: the holder refuses (handshake failed), the joiner hears it', async () => {
    const { h, j, outcome } = await attack(flipAt('to-holder', 0));
    expect(outcome.holder.error?.code).toBe('pairing-tampered');
    expect(outcome.joiner.error?.code).toBe('pairing-tampered');
    expect(h.statuses.map((s) => s.state)).not.toContain('confirm-needed');
    await expectNothingLeaked(h, j, outcome);
  });

  it('flips a bit of message 2: the joiner refuses it, the holder never asks its user', async () => {
    const { h, j, outcome } = await attack(flipAt('to-joiner', 0));
    expect(outcome.joiner.error?.code).toBe('pairing-tampered');
    expect(outcome.holder).toMatchObject({ state: 'failed' });
    expect(h.statuses.map((s) => s.state)).not.toContain('confirm-needed');
    await expectNothingLeaked(h, j, outcome);
  });

  it('drops CONFIRM_REQUEST: both sides time out, nothing sent', async () => {
    const drop: ProxyRule = (d, i, frame) => (d === 'to-holder' && i === 1 ? [] : [frame]);
    const { h, j, outcome } = await attack(drop);
    expect(outcome.holder.error?.code).toBe('timeout');
    expect(outcome.joiner).toMatchObject({ state: 'failed' });
    expect(h.statuses.map((s) => s.state)).not.toContain('confirm-needed');
    await expectNothingLeaked(h, j, outcome);
  });

  it('injects a forged frame before message 1: the code is used up, both abort, nothing sent', async () => {
    const forged = new Uint8Array([0x00, 0x50, ...randomBytes(0x50)]);
    const inject: ProxyRule = (d, i, frame) =>
      d === 'to-holder' && i === 0 ? [forged, frame] : [frame];
    const { h, j, outcome } = await attack(inject);
    expect(outcome.holder.error?.code).toBe('pairing-tampered');
    expect(outcome.joiner).toMatchObject({ state: 'failed' });
    await expectNothingLeaked(h, j, outcome);
  });

  it('injects a frame after CONFIRM_REQUEST: the holder aborts before its user confirms', async () => {
    const forged = new Uint8Array([0x00, 0x11, ...randomBytes(0x11)]);
    const inject: ProxyRule = (d, i, frame) =>
      d === 'to-holder' && i === 1 ? [frame, forged] : [frame];
    // The user is still comparing the codes when the forged frame arrives.
    const { h, j, outcome } = await attack(inject, null);
    expect(h.statuses.map((s) => s.state)).toContain('confirm-needed');
    expect(outcome.holder.error?.code).toBe('pairing-tampered');
    expect(outcome.joiner).toMatchObject({ state: 'failed' });
    await expectNothingLeaked(h, j, outcome);
  });

  it('reorders HOLDER_CONFIRM and TRANSFER: the joiner stores nothing, the holder is told', async () => {
    let held: Uint8Array | null = null;
    const reorder: ProxyRule = (d, i, frame) => {
      if (d !== 'to-joiner') return [frame];
      if (i === 1) {
        held = frame;
        return [];
      }
      if (i === 2 && held) return [frame, held];
      return [frame];
    };
    const { h, j, outcome } = await attack(reorder);
    expect(outcome.joiner.error?.code).toBe('pairing-tampered');
    expect(outcome.holder.error?.code).toBe('pairing-tampered');
    // The keys were sent (the user confirmed), sealed; the holder cannot know the outcome.
    expect(outcome.holder.uncertain).toBe(true);
    expect(await j.identities.list()).toEqual([]);
    const der = Buffer.from(
      (await h.identities.get(outcome.holderId)).current.pem.replace(/-----[^-]+-----|\s/g, ''),
      'base64',
    );
    for (const frame of proxy.frames)
      expect(Buffer.from(frame.bytes).includes(der.subarray(0, 64))).toBe(false);
  });
});

describe('relay failures', () => {
  it('a dead relay: a holder with the LAN offers LAN only; without it, start says why', async () => {
    const port = await freePort();
    const dead: PairingNetwork = {
      relay: { url: `https://127.0.0.1:${port}/v1/relay`, caPem: network.caPem },
      caPem: network.caPem,
    };
    const withLan = device(true, dead);
    const id = await withLan.identities.create({ tel: '+15550100', name: 'Alice' });
    const offer = await withLan.pairing.start(id.id);
    expect(parsePairingText(offer.text).code.rendezvous.map((r) => r.kind)).toEqual(['tcp']);
    withLan.pairing.cancel();
    const noLan = device(false, dead);
    const id2 = await noLan.identities.create({ tel: '+15550100', name: 'Alice' });
    await expect(noLan.pairing.start(id2.id)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining(
        `cannot reach the relay at https://127.0.0.1:${port}`,
      ) as string,
    });
  });

  it('the relay dies after the code was shown: the joiner is told it cannot reach it', async () => {
    const other = await startRelayProxy({
      upstream: devnet.profile.directoryUrl ?? '',
      ca,
      dir: join(devnet.stateDir, 'relay-proxy-2'),
    });
    const net = { ...network, relay: network.relay && { ...network.relay, url: other.url } };
    const h = device(false, net);
    const j = device(false, net);
    const id = await h.identities.create({ tel: '+15550100', name: 'Alice' });
    const offer = await h.pairing.start(id.id);
    await other.stop();
    await expect(j.pairing.join(offer.text)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('cannot reach the relay') as string,
    });
    expect(await j.identities.list()).toEqual([]);
    h.pairing.cancel();
    expect(await h.final('holder')).toMatchObject({ state: 'failed' });
  });
});
