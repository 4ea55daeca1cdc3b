import { describe, expect, it } from 'vitest';
import { equalBytes } from '../../../shared/pairing/bytes';
import { contains, SECRET_KEY_BYTES, samplePayload } from '../../support/pairing/pairing-fixtures';
import { runScenario } from '../../support/pairing/pairing-scenario';
import { inspectWire } from '../../support/pairing/wire-inspector';

describe('pairing over an honest relay, in memory', () => {
  it('completes: same code on both screens, the joiner gets exactly what the holder sent', async () => {
    const r = await runScenario();
    expect(r.holder).toEqual({ ok: true, value: undefined });
    expect(r.joiner.ok).toBe(true);
    if (!r.joiner.ok) return;
    expect(r.holderSas).toMatch(/^\d{6}$/);
    expect(r.joinerSas).toBe(r.holderSas);
    const sent = samplePayload();
    const got = r.joiner.value;
    expect(got.settings).toEqual(sent.settings);
    expect(got.contacts).toEqual(sent.contacts);
    expect(got.identities).toHaveLength(1);
    expect(got.identities[0]?.label).toBe('tel:+15550100');
    expect(
      equalBytes(got.identities[0]!.privateKeyPkcs8, sent.identities[0]!.privateKeyPkcs8),
    ).toBe(true);
  });

  it('sends only hellos and the confirm request before the user confirms, and nothing in clear', async () => {
    const r = await runScenario();
    const messages = inspectWire(r.relay.wire, r.offer, r.joinerSeed);
    expect(r.wireAtConfirm).toBe(3);
    expect(messages.map((m) => `${m.direction}:${m.type}`)).toEqual([
      'to-holder:handshake-1',
      'to-joiner:handshake-2',
      'to-holder:confirm-request',
      'to-joiner:holder-confirm',
      'to-joiner:transfer',
      'to-holder:ack',
    ]);
    for (const m of messages.slice(0, r.wireAtConfirm!)) {
      expect(contains(m.raw, SECRET_KEY_BYTES)).toBe(false);
      if (m.plaintext) expect(contains(m.plaintext, SECRET_KEY_BYTES)).toBe(false);
    }
    // The key does travel, but only after confirmation and only encrypted.
    const transfer = messages[4]!;
    expect(contains(transfer.plaintext!, SECRET_KEY_BYTES)).toBe(true);
    expect(contains(transfer.raw, SECRET_KEY_BYTES)).toBe(false);
  });

  it('is deterministic for a seed and different across seeds', async () => {
    const a = await runScenario({ seed: 's1' });
    const b = await runScenario({ seed: 's1' });
    const c = await runScenario({ seed: 's2' });
    expect(a.holderSas).toBe(b.holderSas);
    expect(a.relay.wire.map((w) => w.message)).toEqual(b.relay.wire.map((w) => w.message));
    expect(equalBytes(a.relay.wire[0]!.message, c.relay.wire[0]!.message)).toBe(false);
  });
});

describe('transfer size', () => {
  it('splits a large payload into several TRANSFER messages and reassembles it', async () => {
    const contacts = Array.from({ length: 3000 }, (_, i) => ({
      name: `Contact ${i}`,
      uri: `tel:+1555${i}`,
    }));
    const r = await runScenario({
      user: (_info, sas, holder) => {
        holder.confirm(sas ?? '', { ...samplePayload(), contacts });
      },
    });
    expect(r.joiner.ok && r.joiner.value.contacts).toEqual(contacts);
    const types = inspectWire(r.relay.wire, r.offer, r.joinerSeed).map((m) => m.type);
    expect(types.filter((t) => t === 'transfer').length).toBeGreaterThan(1);
  });

  it('refuses a payload over 1 MiB before sending any of it', async () => {
    const big = { ...samplePayload(), contacts: ['x'.repeat(1024 * 1024)] };
    const r = await runScenario({
      user: (_info, sas, holder) => {
        holder.confirm(sas ?? '', big);
      },
    });
    expect(r.holder.ok || [r.holder.error.reason, r.holder.error.remote]).toEqual([
      'too-large',
      false,
    ]);
    expect(r.joiner.ok || [r.joiner.error.reason, r.joiner.error.remote]).toEqual([
      'too-large',
      true,
    ]);
    const types = inspectWire(r.relay.wire, r.offer, r.joinerSeed).map((m) => m.type);
    expect(types).not.toContain('transfer');
  });
});
