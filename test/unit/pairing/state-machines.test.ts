import { describe, expect, it } from 'vitest';
import { HolderSession } from '../../../shared/pairing/holder-session';
import { JoinerSession } from '../../../shared/pairing/joiner-session';
import { decodeMessage, encodeMessage } from '../../../shared/pairing/messages';
import { NkPsk0Initiator } from '../../../shared/pairing/noise';
import { createPairingOffer } from '../../../shared/pairing/pairing-code';
import type { SessionEffect } from '../../../shared/pairing/session-effect';
import { IllegalTransitionError } from '../../../shared/pairing/state-machine';
import { samplePayload, T0 } from '../../support/pairing/pairing-fixtures';
import { seededRandom } from '../../support/pairing/seeded-random';

const sends = (e: SessionEffect[]) => e.flatMap((x) => (x.kind === 'send' ? [x.message] : []));

function sessions(seed = 'sm') {
  const offer = createPairingOffer({
    random: seededRandom(seed),
    now: T0,
    rendezvous: [{ kind: 'tcp', host: '127.0.0.1', port: 1 }],
  });
  const holder = new HolderSession({ offer, deviceName: 'A', random: seededRandom(`${seed}/h`) });
  const joiner = new JoinerSession({
    codeBytes: offer.bytes.slice(),
    code: offer.code,
    deviceName: 'B',
    random: seededRandom(`${seed}/j`),
  });
  return { holder, joiner };
}

describe('state machines', () => {
  it('walk the documented states in order', () => {
    const { holder, joiner } = sessions();
    const states = () => `${holder.state}/${joiner.state}`;
    const log = [states()];
    const m1 = sends(joiner.start(T0))[0]!;
    log.push(states());
    const m2 = sends(holder.receive(m1, T0))[0]!;
    log.push(states());
    const afterHello = joiner.receive(m2);
    const sas = afterHello.find((e) => e.kind === 'show-code');
    log.push(states());
    holder.receive(sends(afterHello)[0]!, T0);
    log.push(states());
    const out = sends(holder.confirm(sas?.kind === 'show-code' ? sas.sas : '', samplePayload()));
    log.push(states());
    const back = out.flatMap((m) => sends(joiner.receive(m)));
    log.push(states());
    holder.receive(back[0]!, T0);
    log.push(states());
    expect(log).toEqual([
      'awaiting-hello/idle',
      'awaiting-hello/awaiting-hello',
      'awaiting-confirm-request/awaiting-hello',
      'awaiting-confirm-request/awaiting-decision',
      'awaiting-user/awaiting-decision',
      'awaiting-ack/awaiting-decision',
      'awaiting-ack/done',
      'done/done',
    ]);
  });

  it('throw on illegal edges: confirm or deny before the user is asked, start twice', () => {
    const { holder, joiner } = sessions();
    expect(() => holder.confirm('000000', samplePayload())).toThrow(IllegalTransitionError);
    expect(() => holder.deny()).toThrow(IllegalTransitionError);
    joiner.start(T0);
    expect(() => joiner.start(T0)).toThrow(IllegalTransitionError);
  });

  it('a well-encrypted message out of order is a protocol violation, reported to the peer', () => {
    const offer = createPairingOffer({
      random: seededRandom('pv'),
      now: T0,
      rendezvous: [{ kind: 'tcp', host: '127.0.0.1', port: 1 }],
    });
    const holder = new HolderSession({ offer, deviceName: 'A', random: seededRandom('pv/h') });
    // A joiner built by hand that skips confirm-request and sends an ack straight away.
    const rogue = new NkPsk0Initiator(
      { prologue: offer.bytes, psk: offer.code.secret, random: seededRandom('pv/j') },
      offer.code.holderPublicKey,
    );
    const m1 = rogue.writeMessage1(encodeMessage({ type: 'hello', version: 1, deviceName: 'R' }));
    const { transport } = rogue.readMessage2(sends(holder.receive(m1, T0))[0]!);
    const ack = encodeMessage({ type: 'ack', digest: new Uint8Array(32) });
    const effects = holder.receive(transport.send.encryptWithAd(new Uint8Array(0), ack), T0);
    expect(effects.at(-1)).toMatchObject({
      kind: 'aborted',
      error: { reason: 'protocol-violation' },
    });
    const told = decodeMessage(
      transport.receive.decryptWithAd(new Uint8Array(0), sends(effects)[0]!),
    );
    expect(told).toEqual({ type: 'abort', reason: 'protocol-violation', detail: '' });
  });

  it('a handshake payload that is not a hello is refused', () => {
    const offer = createPairingOffer({
      random: seededRandom('pv2'),
      now: T0,
      rendezvous: [{ kind: 'tcp', host: '127.0.0.1', port: 1 }],
    });
    const holder = new HolderSession({ offer, deviceName: 'A', random: seededRandom('pv2/h') });
    const rogue = new NkPsk0Initiator(
      { prologue: offer.bytes, psk: offer.code.secret, random: seededRandom('pv2/j') },
      offer.code.holderPublicKey,
    );
    const effects = holder.receive(
      rogue.writeMessage1(encodeMessage({ type: 'confirm-request' })),
      T0,
    );
    expect(effects.at(-1)).toMatchObject({
      kind: 'aborted',
      error: { reason: 'protocol-violation' },
    });
    expect(holder.state).toBe('aborted');
  });

  it('after a terminal state nothing more happens', () => {
    const { holder, joiner } = sessions();
    joiner.start(T0);
    expect(joiner.abort('cancelled').at(-1)).toMatchObject({ kind: 'aborted' });
    expect(joiner.abort('cancelled')).toEqual([]);
    expect(joiner.receive(new Uint8Array(50))).toEqual([]);
    expect(holder.abort('cancelled').at(-1)).toMatchObject({
      kind: 'aborted',
      error: { code: 'pairing-aborted' },
    });
  });
});
