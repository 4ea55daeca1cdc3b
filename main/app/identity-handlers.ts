import type { Handlers } from '../../shared/contract/handlers';
import type { Identity } from '../../shared/contract/requests';
import { YakkerError } from '../../shared/contract/result';
import type { IdentityService } from '../keystore/identity-service';
import type { IdentitySummary } from '../keystore/identity-types';

/** What the renderer may see of an identity: public data only (no key, no PEM). */
function toContract(summary: IdentitySummary): Identity {
  return {
    id: summary.id,
    name: summary.name,
    tel: summary.tel,
    sip: summary.sip,
    keyType: summary.keyType,
    features: [...summary.features],
    fingerprint: summary.current.fingerprint,
    notAfter: summary.current.notAfter,
  };
}

/** The identity requests, over the keychain-backed IdentityService. */
export function identityHandlers(
  identities: () => Promise<IdentityService>,
): Pick<Handlers, 'identities.list' | 'identities.create'> {
  return {
    'identities.list': async () => (await (await identities()).list()).map(toContract),
    'identities.create': async (input) => {
      if (!input.tel && !input.sip) {
        throw new YakkerError('bad-input', 'Give a phone number or a SIP address for the new key.');
      }
      return toContract(await (await identities()).create(input));
    },
  };
}
