import { describe, expect, it } from 'vitest';
import { CallIdentity } from '../../../main/keystore/call-identity';
import { IdentityService, type Clock } from '../../../main/keystore/identity-service';
import { SigningKeyCache } from '../../../main/keystore/signing-key-cache';
import { codeOf } from '../../support/error-code';
import { FakeKeyStore } from '../../support/fake-key-store';

const clock: Clock = { now: () => new Date() };
const SUFFIX = 'e164.yakker.test';
const SDP = 'v=0\r\na=fingerprint:sha-256 AA:BB:CC\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n';
const BOB = 'sip:bob@example.org';

/** A FakeKeyStore that counts reads, so a test can see when the keychain is asked. */
class CountingKeyStore extends FakeKeyStore {
  reads = 0;
  override get(account: string): Promise<string | null> {
    this.reads++;
    return super.get(account);
  }
}

async function setup(now: () => number = Date.now) {
  const keyStore = new CountingKeyStore();
  const identities = new IdentityService(keyStore, clock);
  const alice = await identities.create({ tel: '+15550100', name: 'alice' });
  const cache = new SigningKeyCache(identities, now, 60_000);
  const calls = new CallIdentity(cache, SUFFIX, clock);
  return { keyStore, identities, alice, cache, calls };
}

/** Which of `identities`' certificates (by generation) verifies `header`: the signing key's. */
async function signerGeneration(identities: IdentityService, header: string): Promise<number> {
  const all = await identities.credentials('alice', 'calls');
  const calls = new CallIdentity(new SigningKeyCache(identities), SUFFIX, clock);
  for (const [i, c] of all.entries()) {
    const ok = await calls
      .verify(header, c.certificate.node.publicKey, { from: 'tel:+15550100', to: BOB, sdp: SDP })
      .then(
        () => true,
        () => false,
      );
    if (ok) return i;
  }
  return -1;
}

describe('SigningKeyCache (the call-signing key held in main for the session)', () => {
  it('reads the keychain once for several signs, and every signature verifies', async () => {
    const { keyStore, identities, calls } = await setup();
    keyStore.reads = 0;
    const first = await calls.sign('alice', BOB, SDP);
    const afterFirst = keyStore.reads;
    expect(afterFirst).toBeGreaterThan(0);
    const more = await Promise.all([1, 2, 3, 4].map(() => calls.sign('alice', BOB, SDP)));
    expect(keyStore.reads).toBe(afterFirst);
    for (const header of [first, ...more])
      expect(await signerGeneration(identities, header)).toBe(0);
  });

  it('loads the key once when several signs start together', async () => {
    const { keyStore, calls } = await setup();
    keyStore.reads = 0;
    await Promise.all([1, 2, 3].map(() => calls.sign('alice', BOB, SDP)));
    const together = keyStore.reads;
    const fresh = await setup();
    fresh.keyStore.reads = 0;
    await fresh.calls.sign('alice', BOB, SDP);
    expect(together).toBe(fresh.keyStore.reads);
  });

  it('picks up a changed key: renewing to a new key signs with the new one next', async () => {
    const { identities, calls } = await setup();
    expect(await signerGeneration(identities, await calls.sign('alice', BOB, SDP))).toBe(0);
    await identities.renew('alice', { newKey: true });
    expect(await signerGeneration(identities, await calls.sign('alice', BOB, SDP))).toBe(1);
  });

  it('picks up a key changed by another process once the entry is a minute old', async () => {
    let t = 0;
    const { keyStore, identities, calls } = await setup(() => t);
    await calls.sign('alice', BOB, SDP);
    // The CLI (another IdentityService on the same keychain) renews: this process is not told.
    await new IdentityService(keyStore, clock).renew('alice', { newKey: true });
    expect(await signerGeneration(identities, await calls.sign('alice', BOB, SDP))).toBe(0);
    t = 60_000;
    // The old key serves this sign (no wait on the call path) while a fresh read runs behind it.
    await calls.sign('alice', BOB, SDP);
    await expect
      .poll(async () => signerGeneration(identities, await calls.sign('alice', BOB, SDP)))
      .toBe(1);
  });

  it('clear() (account changed, signed out) forgets the key: the next sign reads again', async () => {
    const { keyStore, cache, calls } = await setup();
    await calls.sign('alice', BOB, SDP);
    const before = keyStore.reads;
    cache.clear();
    await calls.sign('alice', BOB, SDP);
    expect(keyStore.reads).toBeGreaterThan(before);
  });

  it('a locked keychain after clear() fails the sign with its code and is not remembered', async () => {
    const { keyStore, cache, calls } = await setup();
    await calls.sign('alice', BOB, SDP);
    cache.clear();
    keyStore.state = 'locked';
    expect(await codeOf(calls.sign('alice', BOB, SDP))).toBe('keychain-locked');
    expect(await codeOf(calls.sign('alice', BOB, SDP))).toBe('keychain-locked');
    keyStore.state = 'ok';
    expect(await calls.sign('alice', BOB, SDP)).toMatch(/;alg=ES256$/);
  });

  it('a keychain found locked by the background read stops signing with the cached key', async () => {
    let t = 0;
    const { keyStore, calls } = await setup(() => t);
    await calls.sign('alice', BOB, SDP);
    keyStore.state = 'locked';
    t = 60_000;
    await calls.sign('alice', BOB, SDP); // still the cached key; the refresh finds it locked
    await expect.poll(() => codeOf(calls.sign('alice', BOB, SDP))).toBe('keychain-locked');
  });

  it('a deleted identity is not signed for any more', async () => {
    const { identities, calls } = await setup();
    await calls.sign('alice', BOB, SDP);
    await identities.delete('alice');
    expect(await codeOf(calls.sign('alice', BOB, SDP))).toBe('identity-not-found');
  });
});
