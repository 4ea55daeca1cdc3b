/**
 * checkOwnKeys (main/devices/own-key-check.ts): `replaced` only when a secure answer lists
 * certificates and none is this device's current one; anything uncertain is `unknown`.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkOwnKeys } from '../../../main/devices/own-key-check';
import { IdentityService } from '../../../main/keystore/identity-service';
import type { PeerCertificates } from '../../../main/messaging/peer-directory';
import { FakeKeyStore } from '../../support/fake-key-store';

async function setup() {
  const identities = new IdentityService(new FakeKeyStore());
  const mine = await identities.create({ tel: '+15550100' });
  await identities.create({ sip: 'sip:alice@example.org' }); // no number: not checked
  const other = await new IdentityService(new FakeKeyStore()).create({ tel: '+15550100' });
  const der = (pem: string) => new Uint8Array(new X509Certificate(pem).raw);
  return { identities, mine, ours: der(mine.current.pem), theirs: der(other.current.pem) };
}

const answer = (status: string, certificates: Uint8Array[]) => () =>
  Promise.resolve({ status, certificates, reason: null } as unknown as PeerCertificates);

describe('checkOwnKeys', () => {
  it('current, replaced, and unknown for every uncertain answer', async () => {
    const { identities, mine, ours, theirs } = await setup();
    const check = (certificates: () => Promise<PeerCertificates>) =>
      checkOwnKeys(identities, { certificates });
    expect(await check(answer('secure', [theirs, ours]))).toEqual([
      { identityId: mine.id, number: '+15550100', state: 'current' },
    ]);
    expect((await check(answer('secure', [theirs])))[0]?.state).toBe('replaced');
    expect((await check(answer('insecure', [theirs])))[0]?.state).toBe('unknown');
    expect((await check(answer('indeterminate', [])))[0]?.state).toBe('unknown');
    expect((await check(answer('secure', [])))[0]?.state).toBe('unknown');
    const offline = () => Promise.reject(new Error('ENETUNREACH'));
    expect((await check(offline))[0]?.state).toBe('unknown');
    // This device replaced its own key; a cached answer still lists the old one: no alarm.
    const staged = await identities.stageKey(mine.id, 'identity-key:00000000000000cc');
    await identities.adoptKey(
      mine.id,
      'identity-key:00000000000000cc',
      staged.certificate.node.toString(),
    );
    expect((await check(answer('secure', [ours])))[0]?.state).toBe('unknown');
    expect(
      (await check(answer('secure', [new Uint8Array(staged.certificate.der)])))[0]?.state,
    ).toBe('current');
    expect((await check(answer('secure', [theirs])))[0]?.state).toBe('replaced');
  });
});
