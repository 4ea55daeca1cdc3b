import { describe, expect, it } from 'vitest';
import { MemorySeenMessageIds } from '../../../main/crypto/seen-message-ids';
import { CallIdentity } from '../../../main/keystore/call-identity';
import { SigningKeyCache } from '../../../main/keystore/signing-key-cache';
import { IdentityService, type Clock } from '../../../main/keystore/identity-service';
import { SecureMessages } from '../../../main/keystore/secure-messages';
import { codeOf } from '../../support/error-code';
import { FakeKeyStore } from '../../support/fake-key-store';

const clock: Clock & { t: Date } = { t: new Date('2026-11-24T12:00:00Z'), now: () => clock.t };

async function setup() {
  const identities = new IdentityService(new FakeKeyStore(), clock);
  const alice = await identities.create({ tel: '+15550100', name: 'alice' });
  const bob = await identities.create({ sip: 'sip:bob@example.org', name: 'bob' });
  return { identities, alice, bob };
}

describe('SecureMessages (keychain identities + S/MIME)', () => {
  it('seals from one identity and opens as another, including after the sender renews', async () => {
    const { identities, alice, bob } = await setup();
    const messages = new SecureMessages(identities, new MemorySeenMessageIds(), clock);
    const sealed = await messages.seal('alice', [bob.current.pem], 'hi bob');
    const opened = await messages.open(
      'bob',
      Buffer.from(sealed.entity),
      alice.current.pem,
      'tel:+15550100',
    );
    expect(opened).toMatchObject({
      from: 'tel:+15550100',
      to: ['sip:bob@example.org'],
      body: 'hi bob',
    });
    expect(await codeOf(messages.open('bob', Buffer.from(sealed.entity), alice.current.pem))).toBe(
      'crypto-replay',
    );

    // Bob renews to a new key: a message encrypted to his old certificate still opens.
    const old = await messages.seal('alice', [bob.current.pem], 'to the old cert');
    await identities.renew('bob', { newKey: true });
    expect((await messages.open('bob', Buffer.from(old.entity), alice.current.pem)).body).toBe(
      'to the old cert',
    );
  });

  it('refuses identities whose key type cannot send messages', async () => {
    const { identities } = await setup();
    const messages = new SecureMessages(identities, new MemorySeenMessageIds(), clock);
    expect(await codeOf(messages.seal('nobody', [], 'x'))).toBe('identity-not-found');
  });
});

describe('CallIdentity (PASSporT with mky in the Identity header)', () => {
  const sdp = 'v=0\r\na=fingerprint:sha-256 AA:BB:CC\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n';

  it('signs for the caller and verifies with its certificate key', async () => {
    const { identities, alice } = await setup();
    const calls = new CallIdentity(new SigningKeyCache(identities), 'e164.yakker.test', clock);
    const header = await calls.sign('alice', 'sip:bob@example.org', sdp);
    expect(header).toMatch(
      /;info=<dns:_smimecert\.0\.0\.1\.0\.5\.5\.5\.1\.e164\.yakker\.test\?type=SMIMEA>;alg=ES256$/,
    );
    const { certificate } = await identities.current(alice.id, 'calls');
    const claims = await calls.verify(header, certificate.node.publicKey, {
      from: 'tel:+15550100',
      to: 'sip:bob@example.org',
      sdp,
    });
    expect(claims).toMatchObject({
      orig: { tn: '15550100' },
      dest: { uri: ['sip:bob@example.org'] },
    });
    expect(claims.mky).toEqual([{ alg: 'sha-256', dig: 'AA:BB:CC' }]);
    const otherSdp = sdp.replace('AA:BB:CC', 'AA:BB:CD');
    expect(
      await codeOf(
        calls.verify(header, certificate.node.publicKey, { from: 'tel:+15550100', sdp: otherSdp }),
      ),
    ).toBe('crypto-fingerprint-mismatch');
    clock.t = new Date(clock.t.getTime() + 61_000);
    expect(
      await codeOf(
        calls.verify(header, certificate.node.publicKey, { from: 'tel:+15550100', sdp }),
      ),
    ).toBe('crypto-stale');
  });
});
