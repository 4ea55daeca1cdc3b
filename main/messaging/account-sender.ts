import { YakkerError } from '../../shared/contract/result';
import type { SenderAccount } from './peer-directory';

/** What messaging needs of the SIP account service (main/account): the stored account. */
export interface StoredAccountSource {
  require(): Promise<{ aor: string; identityId: string | null }>;
}

/** The sender for outgoing messages: the account's AOR and the identity that signs for it. */
export function accountSender(accounts: StoredAccountSource): SenderAccount {
  return {
    current: async () => {
      const account = await accounts.require();
      if (account.identityId === null) {
        throw new YakkerError(
          'not-configured',
          'Your account has no key for secure messages yet (Settings → Account).',
        );
      }
      return { identityRef: account.identityId, aor: account.aor };
    },
  };
}
