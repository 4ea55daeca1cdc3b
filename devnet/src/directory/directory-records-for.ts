/** The DNS records an account publishes: ENUM NAPTR (when it has a target) and SMIMEA 3 0 0s. */
import { enumOwner } from '../dns/devnet-zones';
import type { AccountRow } from './directory-db';

export function recordsFor(
  account: Pick<AccountRow, 'number' | 'target' | 'certDer' | 'extraCerts'>,
): string[] {
  const owner = enumOwner(account.number);
  const naptr =
    account.target === null
      ? []
      : [`${owner} NAPTR 100 10 "u" "E2U+sip" "!^.*$!${account.target}!" .`];
  const certs = [account.certDer, ...account.extraCerts].map(
    (der) => `_smimecert.${owner} SMIMEA 3 0 0 ${der.toString('hex')}`,
  );
  return [...naptr, ...certs];
}

/** The ENUM domain of a number under `suffix` (`+15550100` → `0.0.1.0.5.5.5.1.e164.yakker.test`). */
export function enumName(number: string, suffix: string): string {
  return `${enumOwner(number)}.${suffix.replace(/\.$/, '')}`;
}
