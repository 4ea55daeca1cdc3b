import type { ProviderBalanceView } from '../../shared/contract/areas/onboarding';
import { YakkerError } from '../../shared/contract/result';
import type { AccountService } from '../account/account-service';
import type { DirectoryClient } from '../directory/directory-client';
import { credentialSigner } from '../directory/request-signer';
import type { IdentityService } from '../keystore/identity-service';
import { ProviderClient } from './provider-client';

export interface ProviderServiceDeps {
  account: AccountService;
  directory: () => DirectoryClient;
  identities: () => Promise<IdentityService>;
  caPem: () => string | null;
}

/**
 * The provider behind the configured SIP account (Settings → Account): found by its SIP domain
 * in the authority's verified list, spoken to with requests signed by the account's identity.
 */
export class ProviderService {
  constructor(private readonly deps: ProviderServiceDeps) {}

  async balance(): Promise<ProviderBalanceView> {
    const { client, number, provider, signer } = await this.current();
    const [balance, rates] = await Promise.all([
      client.balance(number, signer),
      client.rates().catch(() => ({ currency: '', rates: [] })),
    ]);
    return {
      provider: { name: provider.name, domain: provider.domain },
      number,
      currency: balance.currency,
      balance: balance.balance,
      balanceMicros: balance.balanceMicros,
      rates: rates.rates.map((r) => ({
        prefix: r.prefix,
        perMinute: r.perMinute,
        description: r.description,
      })),
    };
  }

  async topUp(): Promise<{ url: string; expiresAt: string }> {
    const { client, number, signer } = await this.current();
    return client.topUp(number, signer);
  }

  private async current() {
    const account = await this.deps.account.get();
    if (!account.configured || account.number === null || account.domain === null)
      throw new YakkerError(
        'not-configured',
        'No Yakker number is set up yet, so there is no provider account to show.',
      );
    const identities = await this.deps.identities();
    const identityId =
      account.identityId ??
      (await identities.list()).find((i) => i.tel === account.number && i.keyType === 'p256')?.id;
    if (identityId === undefined)
      throw new YakkerError(
        'not-configured',
        `There is no key for ${account.number} on this device to sign in to the provider with.`,
      );
    const domain = account.domain;
    const provider = (await this.deps.directory().providers()).find(
      (p) => p.domain.toLowerCase() === domain,
    );
    if (provider === undefined || provider.apiUrl === null)
      throw new YakkerError(
        'not-found',
        `${domain} is not on this network's list of providers with an account service.`,
      );
    return {
      number: account.number,
      provider,
      client: new ProviderClient(provider.apiUrl, this.deps.caPem(), provider.name),
      signer: credentialSigner(() => identities.current(identityId, 'api-signatures')),
    };
  }
}
