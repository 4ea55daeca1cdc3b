/** The LAN transport on 127.0.0.1 only: a real TCP listener, real sockets, fake time. */
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HolderDriver } from '../../../main/pairing/holder-driver';
import { JoinerDriver } from '../../../main/pairing/joiner-driver';
import { connectLan } from '../../../main/pairing/lan-connect';
import { LanListener } from '../../../main/pairing/lan-listener';
import { HolderSession } from '../../../shared/pairing/holder-session';
import { JoinerSession } from '../../../shared/pairing/joiner-session';
import {
  createPairingOffer,
  parsePairingText,
  type PairingOffer,
} from '../../../shared/pairing/pairing-code';
import { FakeClock } from '../../support/pairing/fake-clock';
import {
  contains,
  samplePayload,
  SECRET_KEY_BYTES,
  T0,
} from '../../support/pairing/pairing-fixtures';
import { settle } from '../../support/pairing/pairing-scenario';
import { seededRandom } from '../../support/pairing/seeded-random';

const LOOPBACK = '127.0.0.1';
const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((c) => {
    c();
  });
});

async function openHolder(clock: FakeClock, seed: string) {
  let offer: PairingOffer | null = null;
  let holder: HolderDriver | null = null;
  const fromJoiner: Uint8Array[] = [];
  let resolveHolder!: (h: HolderDriver) => void;
  const holderReady = new Promise<HolderDriver>((r) => (resolveHolder = r));
  let joinerSas = '';
  const listener = await LanListener.open({
    hosts: [LOOPBACK],
    clock,
    expiresAt: T0 + 180_000,
    onConnection: (socket: Socket) => {
      cleanups.push(() => socket.destroy());
      socket.on('data', (chunk: Buffer) => fromJoiner.push(new Uint8Array(chunk)));
      const session = new HolderSession({
        offer: offer!,
        deviceName: 'Alice laptop',
        random: seededRandom(`${seed}/h`),
      });
      holder = new HolderDriver(session, socket, {
        clock,
        onConfirmNeeded: () => {
          holder!.confirm(joinerSas, samplePayload());
        },
      });
      resolveHolder(holder);
    },
  });
  cleanups.push(() => {
    listener.close();
  });
  offer = createPairingOffer({
    random: seededRandom(`${seed}/offer`),
    now: T0,
    rendezvous: listener.rendezvous,
  });
  return {
    listener,
    offer,
    holderReady,
    fromJoiner,
    setJoinerSas: (s: string) => (joinerSas = s),
  };
}

async function join(
  text: string,
  clock: FakeClock,
  seed: string,
  onSas: (s: string) => void = () => undefined,
) {
  const { bytes, code } = parsePairingText(text);
  const socket = await connectLan(code.rendezvous, 2000);
  cleanups.push(() => socket.destroy());
  const fromHolder: Uint8Array[] = [];
  socket.on('data', (chunk: Buffer) => fromHolder.push(new Uint8Array(chunk)));
  const driver = new JoinerDriver(
    new JoinerSession({
      codeBytes: bytes,
      code,
      deviceName: 'Alice phone',
      random: seededRandom(seed),
    }),
    socket,
    {
      clock,
      onShowCode: (info) => {
        onSas(info.sas);
      },
    },
  );
  return { driver, fromHolder };
}

describe('LAN transport on 127.0.0.1', () => {
  it('pairs through the pasted text form; listener closes after the one connection', async () => {
    const clock = new FakeClock(T0 + 1000);
    const h = await openHolder(clock, 'lan');
    expect(h.listener.rendezvous).toEqual([
      { kind: 'tcp', host: LOOPBACK, port: expect.any(Number) },
    ]);
    const j = await join(h.offer.text.toLowerCase(), clock, 'lan/j', h.setJoinerSas);
    const holder = await h.holderReady;
    const [hr, jr] = await Promise.all([settle(holder.done), settle(j.driver.result)]);
    expect(hr.ok).toBe(true);
    expect(jr.ok && jr.value.identities[0]?.label).toBe('tel:+15550100');
    expect(h.listener.isOpen).toBe(false);
    const joined = (parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));
    expect(contains(joined(j.fromHolder), SECRET_KEY_BYTES)).toBe(false);
    expect(contains(joined(h.fromJoiner), SECRET_KEY_BYTES)).toBe(false);
    // The code is spent: nobody can connect again.
    await expect(connectLan(h.offer.code.rendezvous, 500)).rejects.toMatchObject({
      reason: 'unreachable',
    });
  });

  it('a second device racing the first is refused or finds the door shut', async () => {
    const clock = new FakeClock(T0 + 1000);
    const h = await openHolder(clock, 'race');
    const [a, b] = await Promise.allSettled([
      join(h.offer.text, clock, 'race/a', h.setJoinerSas),
      join(h.offer.text, clock, 'race/b'),
    ]);
    const outcomes: string[] = [];
    for (const attempt of [a, b]) {
      if (attempt.status === 'rejected') {
        outcomes.push(`connect:${(attempt.reason as { reason: string }).reason}`);
        continue;
      }
      const r = await settle(attempt.value.driver.result);
      outcomes.push(r.ok ? 'paired' : `${r.error.remote ? 'remote' : 'local'}:${r.error.reason}`);
    }
    expect(outcomes.filter((o) => o === 'paired')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'paired')[0]).toMatch(
      /^(remote:already-used|connect:unreachable)$/,
    );
  });

  it('closes at expiry without a connection', async () => {
    const clock = new FakeClock(T0);
    let expired = false;
    const listener = await LanListener.open({
      hosts: [LOOPBACK],
      clock,
      expiresAt: T0 + 180_000,
      onConnection: () => undefined,
      onExpired: () => (expired = true),
    });
    cleanups.push(() => {
      listener.close();
    });
    clock.advance(180_000);
    expect(expired).toBe(true);
    expect(listener.isOpen).toBe(false);
    await expect(connectLan(listener.rendezvous, 500)).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it.each(['0.0.0.0', '::', 'localhost', 'example.org'])('refuses to bind %s', async (host) => {
    await expect(
      LanListener.open({
        hosts: [host],
        clock: new FakeClock(T0),
        expiresAt: T0 + 1000,
        onConnection: () => undefined,
      }),
    ).rejects.toMatchObject({ code: 'bad-input' });
  });
});
