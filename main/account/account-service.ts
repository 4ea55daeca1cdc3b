import { readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import type { Account, SipConfig } from '../../shared/contract/areas/account';
import { YakkerError } from '../../shared/contract/result';
import { storageError, writeFileAtomic } from '../core/atomic-file';
import type { EventBus } from '../core/event-bus';
import type { IdentityService } from '../keystore/identity-service';
import type { IdentitySummary } from '../keystore/identity-types';
import type { KeyStore } from '../keystore/key-store';
import { parseSipUri } from '../resolver/locate/sip-uri';
import { identityOfUri } from '../sip/sip-address';

/** The keychain entry holding the SIP password (never written to a file). */
export const SIP_PASSWORD_ACCOUNT = 'sip-account-password';

const storedSchema = z.object({
  aor: z.string(),
  username: z.string(),
  identityId: z.string().nullable(),
});
type StoredAccount = z.infer<typeof storedSchema>;

export interface AccountDeps {
  /** account.json in the data folder. */
  file: string;
  keyStore: () => Promise<KeyStore>;
  identities: () => Promise<IdentityService>;
  bus: EventBus;
  displayName: () => Promise<string>;
}

export interface AccountInput {
  aor: string;
  username: string;
  password: string;
  identityId?: string | undefined;
}

/**
 * The user's SIP account: AOR, digest user and the identity that signs for it in account.json
 * (written atomically), the SIP password in the OS keychain only. The keychain fails closed: if
 * it is locked or missing, account.set changes nothing and says so.
 */
export class AccountService {
  private cached: StoredAccount | null | undefined;

  constructor(private readonly deps: AccountDeps) {}

  async get(): Promise<Account> {
    return toAccount(await this.read());
  }

  /** The stored account, or a `not-configured` error. */
  async require(): Promise<StoredAccount> {
    const stored = await this.read();
    if (stored === null)
      throw new YakkerError('not-configured', 'No SIP account is set up yet (Settings → Account).');
    return stored;
  }

  async set(input: AccountInput): Promise<Account> {
    const aor = normaliseAor(input.aor);
    const identity = await this.pickIdentity(aor, input.identityId);
    const stored: StoredAccount = {
      aor,
      username: input.username.trim(),
      identityId: identity?.id ?? null,
    };
    if (stored.username === '') throw new YakkerError('bad-input', 'The SIP user name is empty.');
    // Keychain first: if it refuses, the old account stays exactly as it was.
    await (await this.deps.keyStore()).set(SIP_PASSWORD_ACCOUNT, input.password);
    await writeFileAtomic(this.deps.file, `${JSON.stringify(stored, null, 2)}\n`);
    this.cached = stored;
    const account = toAccount(stored);
    this.deps.bus.emit('account.changed', account);
    return account;
  }

  async clear(): Promise<void> {
    await (await this.deps.keyStore()).delete(SIP_PASSWORD_ACCOUNT);
    await rm(this.deps.file, { force: true }).catch((error: unknown) => {
      throw storageError(this.deps.file, error);
    });
    this.cached = null;
    this.deps.bus.emit('account.changed', toAccount(null));
  }

  async sipConfig(): Promise<SipConfig> {
    const stored = await this.require();
    const password = await (await this.deps.keyStore()).get(SIP_PASSWORD_ACCOUNT);
    if (password === null)
      throw new YakkerError(
        'not-configured',
        'The SIP password is not in the keychain any more: enter it again in Settings → Account.',
      );
    return {
      aor: stored.aor,
      username: stored.username,
      password,
      displayName: await this.deps.displayName(),
    };
  }

  private async pickIdentity(
    aor: string,
    identityId: string | undefined,
  ): Promise<IdentitySummary | null> {
    const identities = await this.deps.identities();
    if (identityId !== undefined) {
      const found = await identities.get(identityId);
      if (!found.features.includes('calls'))
        throw new YakkerError('key-unsupported', `The key "${found.name}" cannot sign calls.`);
      return found;
    }
    const wanted = identityOfUri(aor);
    const all = await identities.list();
    return (
      all.find(
        (i) =>
          i.features.includes('calls') &&
          ((i.tel !== null && `tel:${i.tel}` === wanted) ||
            (i.sip !== null && identityOfUri(i.sip) === wanted)),
      ) ?? null
    );
  }

  private async read(): Promise<StoredAccount | null> {
    if (this.cached !== undefined) return this.cached;
    let text: string;
    try {
      text = await readFile(this.deps.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.cached = null);
      throw storageError(this.deps.file, error, 'read');
    }
    const parsed = storedSchema.safeParse(safeJson(text));
    if (!parsed.success)
      throw new YakkerError(
        'storage-failed',
        `${this.deps.file} is not a readable account file: set the account up again.`,
      );
    return (this.cached = parsed.data);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** `sip:+15550100@A.provider.test;transport=tls` → `sip:+15550100@a.provider.test`. */
export function normaliseAor(text: string): string {
  const uri = parseSipUri(text);
  if (uri.user === undefined)
    throw new YakkerError('bad-input', `The SIP address needs a user part: ${text}`);
  if (uri.host === '' || !/^[a-z0-9.-]+$/.test(uri.host))
    throw new YakkerError('bad-input', `The SIP address needs a domain: ${text}`);
  return `sip:${uri.user}@${uri.host}`;
}

function toAccount(stored: StoredAccount | null): Account {
  if (stored === null)
    return { configured: false, aor: null, number: null, domain: null, identityId: null };
  const uri = parseSipUri(stored.aor);
  const user = uri.user ?? '';
  return {
    configured: true,
    aor: stored.aor,
    number: /^\+\d{2,15}$/.test(user) ? user : null,
    domain: uri.host,
    identityId: stored.identityId,
  };
}
