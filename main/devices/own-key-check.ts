import { createHash } from 'node:crypto';
import type { OwnKey } from '../../shared/contract/areas/devices';
import type { IdentityService } from '../keystore/identity-service';
import type { PeerDirectory } from '../messaging/peer-directory';

/**
 * Whether the directory still publishes this device's key for each of its numbers (docs/pairing.md
 * §13): after another device removed this one, or any linked device replaced the key, DNS holds a
 * certificate this device does not have, so its calls and messages fail verification. `replaced`
 * only on a secure answer that lists certificates and none of ours, old or current; anything else
 * (insecure, indeterminate, nothing published, no network, a cached answer with the key this
 * device itself just replaced) is `unknown`, never a false alarm.
 */
export async function checkOwnKeys(
  identities: IdentityService,
  directory: Pick<PeerDirectory, 'certificates'>,
): Promise<OwnKey[]> {
  const result: OwnKey[] = [];
  for (const identity of await identities.list()) {
    if (identity.tel === null) continue;
    let state: OwnKey['state'] = 'unknown';
    try {
      const found = await directory.certificates(`tel:${identity.tel}`);
      const published = found.certificates.map((der) => fingerprint(der));
      const ours = identity.certificates.map((c) => c.fingerprint);
      if (found.status === 'secure' && published.length > 0)
        state = published.includes(identity.current.fingerprint)
          ? 'current'
          : published.some((f) => ours.includes(f))
            ? 'unknown' // one of our older keys: this device just replaced it, a cache still has it
            : 'replaced';
    } catch {
      state = 'unknown';
    }
    result.push({ identityId: identity.id, number: identity.tel, state });
  }
  return result;
}

function fingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}
