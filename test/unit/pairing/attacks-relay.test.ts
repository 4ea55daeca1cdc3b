/**
 * An untrusted relay between holder and joiner flips, drops, reorders, duplicates, injects or
 * truncates frames. Each case aborts both sides with a specific reason, and nothing secret
 * crosses unless the holder's user confirmed.
 */
import { describe, expect, it } from 'vitest';
import type { Direction, Tamper } from '../../support/pairing/fake-relay';
import { contains, SECRET_KEY_BYTES } from '../../support/pairing/pairing-fixtures';
import {
  runScenario,
  type ScenarioResult,
  type Settled,
} from '../../support/pairing/pairing-scenario';
import { inspectWire } from '../../support/pairing/wire-inspector';

/** Frame indices per direction: joiner→holder 0 hello, 1 confirm-request, 2 ack;
 *  holder→joiner 0 hello, 1 holder-confirm, 2 transfer. */
function at(
  direction: Direction,
  index: number,
  action: (frame: Uint8Array) => Uint8Array[],
  cut = false,
): Tamper {
  return (d, i, frame) =>
    d === direction && i === index ? { deliver: action(frame), cut } : { deliver: [frame] };
}

const flip = (frame: Uint8Array): Uint8Array[] => {
  const copy = frame.slice();
  copy[copy.length - 5]! ^= 0x01;
  return [copy];
};

function reasonOf(s: Settled<unknown>): string {
  return s.ok ? 'ok' : `${s.error.remote ? 'remote' : 'local'}:${s.error.reason}:${s.error.code}`;
}

/** Nothing before confirmation carries key bytes, and no transfer was sent unless confirmed. */
function expectNoLeak(r: ScenarioResult): void {
  const messages = inspectWire(r.relay.wire, r.offer, r.joinerSeed);
  const before = r.wireAtConfirm ?? messages.length;
  for (const m of messages.slice(0, before)) {
    expect(contains(m.raw, SECRET_KEY_BYTES)).toBe(false);
    if (m.plaintext) expect(contains(m.plaintext, SECRET_KEY_BYTES)).toBe(false);
    expect(m.type).not.toBe('transfer');
  }
}

describe('a relay that tampers', () => {
  it.each([
    [
      'flip in hello (to holder)',
      at('to-holder', 0, flip),
      'local:handshake-failed:pairing-tampered',
      'remote:handshake-failed:pairing-tampered',
    ],
    [
      'flip in hello (to joiner)',
      at('to-joiner', 0, flip),
      'local:peer-closed:pairing-aborted',
      'local:handshake-failed:pairing-tampered',
    ],
    [
      'flip in confirm-request',
      at('to-holder', 1, flip),
      'local:tampered:pairing-tampered',
      'remote:tampered:pairing-tampered',
    ],
    [
      'flip in holder-confirm',
      at('to-joiner', 1, flip),
      'remote:tampered:pairing-tampered',
      'local:tampered:pairing-tampered',
    ],
    [
      'flip in transfer',
      at('to-joiner', 2, flip),
      'remote:tampered:pairing-tampered',
      'local:tampered:pairing-tampered',
    ],
    [
      'drop hello (to holder)',
      at('to-holder', 0, () => []),
      'local:peer-closed:pairing-aborted',
      'local:timeout:timeout',
    ],
    [
      'drop confirm-request',
      at('to-holder', 1, () => []),
      'local:timeout:timeout',
      'remote:timeout:timeout',
    ],
    [
      'drop holder-confirm',
      at('to-joiner', 1, () => []),
      'remote:tampered:pairing-tampered',
      'local:tampered:pairing-tampered',
    ],
    [
      'duplicate (replay) hello to holder',
      at('to-holder', 0, (f) => [f, f]),
      'local:tampered:pairing-tampered',
      'remote:tampered:pairing-tampered',
    ],
    [
      'duplicate (replay) holder-confirm',
      at('to-joiner', 1, (f) => [f, f]),
      'remote:tampered:pairing-tampered',
      'local:tampered:pairing-tampered',
    ],
    [
      'inject garbage before hello',
      at('to-holder', 0, (f) => [Uint8Array.of(0, 40, ...new Uint8Array(40).fill(7)), f]),
      'local:handshake-failed:pairing-tampered',
      'remote:handshake-failed:pairing-tampered',
    ],
    [
      'inject garbage after hello (to joiner)',
      at('to-joiner', 0, (f) => [f, Uint8Array.of(0, 20, ...new Uint8Array(20).fill(9))]),
      'remote:tampered:pairing-tampered',
      'local:tampered:pairing-tampered',
    ],
    [
      'zero-length frame',
      at('to-holder', 1, () => [Uint8Array.of(0, 0)]),
      'local:tampered:pairing-tampered',
      'remote:tampered:pairing-tampered',
    ],
    [
      'truncate confirm-request',
      at('to-holder', 1, (f) => [f.subarray(0, 10)], true),
      'local:truncated:pairing-tampered',
      'local:peer-closed:pairing-aborted',
    ],
    [
      'truncate transfer',
      at('to-joiner', 2, (f) => [f.subarray(0, 100)], true),
      'local:peer-closed:pairing-aborted',
      'local:truncated:pairing-tampered',
    ],
  ])('%s', async (_name, tamper, holder, joiner) => {
    const r = await runScenario({ tamper });
    expect([reasonOf(r.holder), reasonOf(r.joiner)]).toEqual([holder, joiner]);
    expectNoLeak(r);
  });

  it('reorders holder-confirm and transfer: the nonce counter rejects it', async () => {
    let held: Uint8Array | null = null;
    const tamper: Tamper = (d, i, frame) => {
      if (d === 'to-joiner' && i === 1) {
        held = frame;
        return { deliver: [] };
      }
      if (d === 'to-joiner' && i === 2 && held) return { deliver: [frame, held] };
      return { deliver: [frame] };
    };
    const r = await runScenario({ tamper });
    expect([reasonOf(r.holder), reasonOf(r.joiner)]).toEqual([
      'remote:tampered:pairing-tampered',
      'local:tampered:pairing-tampered',
    ]);
  });

  it('flips the final ack: the joiner has the data, the holder reports it could not confirm delivery', async () => {
    const r = await runScenario({ tamper: at('to-holder', 2, flip) });
    expect(reasonOf(r.joiner)).toBe('ok');
    expect(reasonOf(r.holder)).toBe('local:tampered:pairing-tampered');
  });

  it('a relay that knows the code but not the holder key cannot answer as the holder', async () => {
    const tamper: Tamper = (d, i, frame) => {
      if (d !== 'to-joiner' || i !== 0) return { deliver: [frame] };
      const forged = frame.slice();
      forged.set(new Uint8Array(32).fill(0x42), 2); // its own ephemeral key in place of the holder's
      return { deliver: [forged] };
    };
    const r = await runScenario({ tamper });
    expect(reasonOf(r.joiner)).toBe('local:handshake-failed:pairing-tampered');
    expect(r.joinerSas).toBeNull();
    expectNoLeak(r);
  });
});
