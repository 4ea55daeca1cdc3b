/**
 * Attacks on the code and on the user: replayed or expired code, a different code, the user
 * denies or types a different confirmation code, a second device with a photographed code.
 */
import { describe, expect, it } from 'vitest';
import { HolderSession } from '../../../shared/pairing/holder-session';
import { JoinerSession } from '../../../shared/pairing/joiner-session';
import {
  createPairingOffer,
  decodePairingCode,
  encodePairingCode,
  type PairingOffer,
} from '../../../shared/pairing/pairing-code';
import type { SessionEffect } from '../../../shared/pairing/session-effect';
import {
  contains,
  samplePayload,
  SECRET_KEY_BYTES,
  T0,
} from '../../support/pairing/pairing-fixtures';
import {
  runScenario,
  settle,
  type ScenarioResult,
  type Settled,
} from '../../support/pairing/pairing-scenario';
import { seededRandom } from '../../support/pairing/seeded-random';
import { FakeClock } from '../../support/pairing/fake-clock';
import { FakeRelay } from '../../support/pairing/fake-relay';
import { HolderDriver } from '../../../main/pairing/holder-driver';
import { JoinerDriver } from '../../../main/pairing/joiner-driver';
import { inspectWire } from '../../support/pairing/wire-inspector';

function reasonOf(s: Settled<unknown>): string {
  return s.ok ? 'ok' : `${s.error.remote ? 'remote' : 'local'}:${s.error.reason}:${s.error.code}`;
}

function expectNothingSecretSent(r: ScenarioResult): void {
  for (const m of inspectWire(r.relay.wire, r.offer, r.joinerSeed)) {
    expect(m.type).not.toBe('transfer');
    expect(contains(m.raw, SECRET_KEY_BYTES)).toBe(false);
    if (m.plaintext) expect(contains(m.plaintext, SECRET_KEY_BYTES)).toBe(false);
  }
}

const sends = (effects: SessionEffect[]): Uint8Array[] =>
  effects.flatMap((e) => (e.kind === 'send' ? [e.message] : []));

function offer(seed = 'code'): PairingOffer {
  return createPairingOffer({
    random: seededRandom(seed),
    now: T0,
    rendezvous: [{ kind: 'tcp', host: '127.0.0.1', port: 40000 }],
  });
}

function pair(o: PairingOffer, joinerSeed = 'j') {
  const holder = new HolderSession({ offer: o, deviceName: 'A', random: seededRandom('h') });
  const joiner = new JoinerSession({
    codeBytes: o.bytes.slice(),
    code: o.code,
    deviceName: 'B',
    random: seededRandom(joinerSeed),
  });
  return { holder, joiner };
}

describe('the user decides', () => {
  it('denies: both sides stop with pairing-denied, no transfer ever crosses', async () => {
    const r = await runScenario({
      user: (_info, _sas, holder) => {
        holder.deny();
      },
    });
    expect([reasonOf(r.holder), reasonOf(r.joiner)]).toEqual([
      'local:user-denied:pairing-denied',
      'remote:user-denied:pairing-denied',
    ]);
    expectNothingSecretSent(r);
  });

  it('types a code that differs from the one the new device shows: code-mismatch, nothing sent', async () => {
    const r = await runScenario({
      user: (info, _sas, holder) => {
        holder.confirm(info.sas === '000000' ? '111111' : '000000', {
          identities: [],
          settings: {},
        });
      },
    });
    expect([reasonOf(r.holder), reasonOf(r.joiner)]).toEqual([
      'local:code-mismatch:pairing-denied',
      'remote:code-mismatch:pairing-denied',
    ]);
    expectNothingSecretSent(r);
  });

  it('never answers: the holder times out, the joiner is told', async () => {
    const r = await runScenario({ user: () => undefined });
    expect([reasonOf(r.holder), reasonOf(r.joiner)]).toEqual([
      'local:timeout:timeout',
      'remote:timeout:timeout',
    ]);
    expectNothingSecretSent(r);
  });
});

describe('the code', () => {
  it('expired on the joiner: it refuses before sending anything', async () => {
    const r = await runScenario({ joinerStartsAt: 300_000 });
    expect(reasonOf(r.joiner)).toBe('local:expired:pairing-expired');
    expect(reasonOf(r.holder)).toBe('local:expired:pairing-expired');
    expect(r.relay.wire).toHaveLength(0);
  });

  it('expired on the holder (joiner clock behind): refusal, the joiner learns why', () => {
    const o = offer();
    const { holder, joiner } = pair(o);
    const [m1] = sends(joiner.start(T0)) as [Uint8Array];
    const effects = holder.receive(m1, T0 + 181_000);
    expect(effects.at(-1)).toMatchObject({ kind: 'aborted', error: { reason: 'expired' } });
    const back = joiner.receive(sends(effects)[0]!);
    expect(back.at(-1)).toMatchObject({
      kind: 'aborted',
      error: { reason: 'expired', remote: true },
    });
  });

  it('replayed (second use) after a completed pairing: already-used, no answer', () => {
    const o = offer();
    const { holder, joiner } = pair(o);
    const [m1] = sends(joiner.start(T0)) as [Uint8Array];
    holder.receive(m1, T0);
    holder.abort('cancelled');
    const again = holder.receive(m1, T0 + 1000); // the recorded message 1, replayed
    expect(again).toHaveLength(1);
    const second = pair(o, 'other').joiner;
    sends(second.start(T0));
    const refused = second.receive(sends(again)[0]!);
    expect(refused.at(-1)).toMatchObject({
      kind: 'aborted',
      error: { reason: 'already-used', code: 'pairing-used' },
    });
  });

  it('one attempt: a failed handshake burns the code and the holder key', () => {
    const o = offer();
    const { holder } = pair(o);
    const bad = holder.receive(new Uint8Array(80).fill(1), T0);
    expect(bad.at(-1)).toMatchObject({ kind: 'aborted', error: { reason: 'handshake-failed' } });
    expect(o.holderPrivateKey.every((b) => b === 0)).toBe(true);
    const { joiner } = pair(o);
    const [m1] = sends(joiner.start(T0)) as [Uint8Array];
    expect(sends(holder.receive(m1, T0))[0]).toEqual(Uint8Array.of(0x7f, 0x02));
  });

  it.each([
    ['another secret', (b: Uint8Array) => b.fill(0x55, 34, 66)],
    ['another holder key', (b: Uint8Array) => b.fill(0x09, 2, 34)],
    [
      'rewritten relay address',
      (b: Uint8Array) => {
        b.set([0x78], 81);
      },
    ],
    [
      'later expiry',
      (b: Uint8Array) => {
        b.set([0xff], 66);
      },
    ],
  ])(
    'a joiner presenting a different code (%s) fails the handshake on both sides',
    async (_n, edit) => {
      const r = await runScenario({
        joinerCode: (o) => {
          const bytes = o.bytes.slice();
          edit(bytes);
          return { bytes, code: decodePairingCode(bytes) };
        },
      });
      expect([reasonOf(r.holder), reasonOf(r.joiner)]).toEqual([
        'local:handshake-failed:pairing-tampered',
        'remote:handshake-failed:pairing-tampered',
      ]);
      expectNothingSecretSent(r);
      expect(encodePairingCode(r.offer.code)).toEqual(r.offer.bytes);
    },
  );
});

describe('a second device with a photographed code', () => {
  it('wins the race: the holder shows its name and code, the user sees no code on their own device and denies', async () => {
    let shownName = '';
    const r = await runScenario({
      user: (info, _joinerSas, holder) => {
        shownName = info.deviceName;
        holder.deny(); // the user's real device shows no code: it could not connect
      },
    });
    expect(shownName).toBe('Alice phone'); // the name the attacker chose; the code is the check
    expect(reasonOf(r.holder)).toBe('local:user-denied:pairing-denied');
    expectNothingSecretSent(r);
  });

  it('loses the race on the relay: the first joiner pairs, the second is hung up on and learns nothing', async () => {
    const o = offer('race');
    const clock = new FakeClock(T0);
    const relay = new FakeRelay();
    let joinerSas = '';
    const holder: HolderDriver = new HolderDriver(
      new HolderSession({ offer: o, deviceName: 'A', random: seededRandom('race/h') }),
      relay.open('box'),
      {
        clock,
        onConfirmNeeded: () => {
          holder.confirm(joinerSas, samplePayload());
        },
      },
    );
    const joiner = (seed: string, onSas: (s: string) => void) =>
      new JoinerDriver(
        new JoinerSession({
          codeBytes: o.bytes.slice(),
          code: o.code,
          deviceName: seed,
          random: seededRandom(seed),
        }),
        relay.join('box'),
        {
          clock,
          onShowCode: (info) => {
            onSas(info.sas);
          },
        },
      );
    let lateSas: string | null = null;
    const first = joiner('first', (s) => (joinerSas = s));
    const second = joiner('second', (s) => (lateSas = s));
    const [h, f, l] = await Promise.all([
      settle(holder.done),
      settle(first.result),
      settle(second.result),
    ]);
    expect(h.ok && f.ok).toBe(true);
    expect(reasonOf(l)).toBe('local:peer-closed:pairing-aborted');
    expect(lateSas).toBeNull();
  });
});
