/**
 * Linking a device again after a revoke (docs/pairing.md §13): the joiner already has the
 * number's identity with the old key; the transfer's new key and certificate are adopted into
 * that identity (same id, old certificate marked revoked) instead of a second identity with the
 * same number. Real IdentityService over an in-memory keychain.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importTransfer } from '../../../main/pairing/pairing-transfer';
import { IdentityService } from '../../../main/keystore/identity-service';
import type { TransferPayload } from '../../../shared/pairing/transfer-payload';
import { FakeKeyStore } from '../../support/fake-key-store';

async function payloadOf(source: IdentityService, ref: string): Promise<TransferPayload> {
  const current = await source.current(ref, 'backup');
  const pkcs8 = current.key.export({ format: 'der', type: 'pkcs8' });
  return {
    identities: [
      {
        label: 'tel:+15550100',
        privateKeyPkcs8: new Uint8Array(pkcs8),
        certificates: [new Uint8Array(current.certificate.der)],
      },
    ],
    settings: {},
  };
}

describe('importTransfer after a revoke on the other device', () => {
  it('gives the identity already here the new key; nothing is added twice', async () => {
    const holder = new IdentityService(new FakeKeyStore());
    const joinerKeys = new FakeKeyStore();
    const joiner = new IdentityService(joinerKeys);
    const original = await holder.create({ tel: '+15550100' });
    await importTransfer(joiner, await payloadOf(holder, original.id));
    const [before] = await joiner.list();
    // The holder replaces its key (what a revoke does), then links this device again.
    const staged = await holder.stageKey(original.id, 'identity-key:00000000000000bb');
    await holder.adoptKey(
      original.id,
      'identity-key:00000000000000bb',
      staged.certificate.node.toString(),
    );
    const renewed = await holder.get(original.id);
    const outcome = await importTransfer(joiner, await payloadOf(holder, original.id));
    const after = await joiner.list();
    expect(after.map((i) => [i.id, i.current.fingerprint])).toEqual([
      [before?.id, renewed.current.fingerprint],
    ]);
    expect(outcome.identities.map((i) => i.id)).toEqual([before?.id]);
    const records = await joiner.records('+15550100', 'e164.yakker.test');
    expect(records.map((r) => r.fingerprint)).toEqual([renewed.current.fingerprint]);
    // The new key signs; the old one stays only to open old messages.
    const signing = await joiner.current('+15550100', 'calls');
    expect(new X509Certificate(signing.certificate.der).checkPrivateKey(signing.key)).toBe(true);
    expect(
      signing.certificate.der.equals(Buffer.from(new X509Certificate(renewed.current.pem).raw)),
    ).toBe(true);
    expect(await joiner.credentials('+15550100', 'messages')).toHaveLength(2);
    // The same transfer again changes nothing.
    await importTransfer(joiner, await payloadOf(holder, original.id));
    expect((await joiner.list()).map((i) => i.certificates.length)).toEqual([2]);
  });

  it('refuses a certificate that does not belong to the key sent with it, keeping the old key', async () => {
    const holder = new IdentityService(new FakeKeyStore());
    const joinerKeys = new FakeKeyStore();
    const joiner = new IdentityService(joinerKeys);
    const original = await holder.create({ tel: '+15550100' });
    await importTransfer(joiner, await payloadOf(holder, original.id));
    const items = joinerKeys.items.size;
    const other = await holder.create({ tel: '+15550100', name: 'other' });
    const mixed = await payloadOf(holder, other.id);
    const first = mixed.identities[0];
    if (first === undefined) throw new Error('no identity');
    const wrongKey = createPrivateKey(
      (await holder.current(original.id, 'backup')).key.export({ format: 'pem', type: 'pkcs8' }),
    );
    const bad: TransferPayload = {
      ...mixed,
      identities: [
        {
          ...first,
          privateKeyPkcs8: new Uint8Array(wrongKey.export({ format: 'der', type: 'pkcs8' })),
        },
      ],
    };
    await expect(importTransfer(joiner, bad)).rejects.toMatchObject({ code: 'bad-input' });
    expect(joinerKeys.items.size).toBe(items);
    expect((await joiner.list()).map((i) => i.certificates.length)).toEqual([1]);
  });
});
