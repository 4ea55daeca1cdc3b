/** Runs a holder and a joiner through a FakeRelay with the real drivers, for attack tests. */
import type { Duplex } from 'node:stream';
import { HolderDriver } from '../../../main/pairing/holder-driver';
import { JoinerDriver } from '../../../main/pairing/joiner-driver';
import type { PairingTimeouts } from '../../../main/pairing/session-driver';
import type { PairingError } from '../../../shared/pairing/abort-reason';
import { HolderSession } from '../../../shared/pairing/holder-session';
import { JoinerSession } from '../../../shared/pairing/joiner-session';
import {
  createPairingOffer,
  type PairingCode,
  type PairingOffer,
} from '../../../shared/pairing/pairing-code';
import type { TransferPayload } from '../../../shared/pairing/transfer-payload';
import { FakeClock } from './fake-clock';
import { FakeRelay, type Tamper } from './fake-relay';
import { samplePayload, T0 } from './pairing-fixtures';
import { seededRandom } from './seeded-random';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: PairingError };

export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error: error as PairingError }),
  );
}

export type HolderUser = (
  info: { sas: string; deviceName: string },
  joinerSas: string | null,
  holder: HolderDriver,
) => void;

/** The honest user: types the code the new device shows. */
export const typesJoinerCode: HolderUser = (_info, joinerSas, holder) => {
  holder.confirm(joinerSas ?? '', samplePayload());
};

export interface ScenarioOptions {
  seed?: string;
  tamper?: Tamper;
  user?: HolderUser;
  /** Let the joiner use different code bytes than the holder shows. */
  joinerCode?: (offer: PairingOffer) => { bytes: Uint8Array; code: PairingCode };
  joinerStartsAt?: number;
  timeouts?: PairingTimeouts;
}

export interface ScenarioResult {
  offer: PairingOffer;
  relay: FakeRelay;
  clock: FakeClock;
  holder: Settled<void>;
  joiner: Settled<TransferPayload>;
  holderSas: string | null;
  joinerSas: string | null;
  /** How many messages had crossed the relay when the holder's user confirmed (null: never). */
  wireAtConfirm: number | null;
  joinerSeed: string;
}

export async function runScenario(options: ScenarioOptions = {}): Promise<ScenarioResult> {
  const seed = options.seed ?? 'scenario';
  const clock = new FakeClock(T0);
  const relay = new FakeRelay(options.tamper);
  const offer = createPairingOffer({
    random: seededRandom(`${seed}/offer`),
    now: T0,
    rendezvous: [{ kind: 'relay', url: 'https://relay.test/pair', mailbox: new Uint8Array(16) }],
  });
  const codeBytes = offer.bytes.slice();
  const holderStream: Duplex = relay.open('box');
  let holderSas: string | null = null;
  let joinerSas: string | null = null;
  let wireAtConfirm: number | null = null;
  const user = options.user ?? typesJoinerCode;
  const holder = new HolderDriver(
    new HolderSession({
      offer,
      deviceName: 'Alice laptop',
      random: seededRandom(`${seed}/holder`),
    }),
    holderStream,
    {
      clock,
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      onConfirmNeeded: (info) => {
        holderSas = info.sas;
        wireAtConfirm = relay.wire.length;
        user(info, joinerSas, holder);
      },
    },
  );
  const joinerCode = options.joinerCode?.(offer) ?? { bytes: codeBytes, code: offer.code };
  clock.advance(options.joinerStartsAt ?? 1000);
  const joinerSeed = `${seed}/joiner`;
  const joiner = new JoinerDriver(
    new JoinerSession({
      codeBytes: joinerCode.bytes,
      code: joinerCode.code,
      deviceName: 'Alice phone',
      random: seededRandom(joinerSeed),
    }),
    relay.join('box'),
    {
      clock,
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      onShowCode: (info) => {
        joinerSas = info.sas;
      },
    },
  );
  const both = Promise.all([settle(holder.done), settle(joiner.result)]);
  let finished = false;
  void both.then(() => (finished = true));
  // Let the streams run; when nothing moves any more, let fake time pass (timeouts fire).
  for (let round = 0; round < 10 && !finished; round++) {
    for (let tick = 0; tick < 50 && !finished; tick++) await new Promise(setImmediate);
    if (!finished) clock.advance(60_000);
  }
  const [h, j] = await both;
  return {
    offer,
    relay,
    clock,
    holder: h,
    joiner: j,
    holderSas,
    joinerSas,
    wireAtConfirm,
    joinerSeed,
  };
}
