import type { OnboardingStatus } from '../../shared/contract/areas/onboarding';
import type { ContractError } from '../../shared/contract/errors';
import { YakkerError } from '../../shared/contract/result';
import type { AccountService } from '../account/account-service';
import type { EventBus } from '../core/event-bus';
import { DirectoryApiError, type DirectoryClient } from '../directory/directory-client';
import type { AuthorisedProvider } from '../directory/provider-list';
import { credentialSigner } from '../directory/request-signer';
import type { IdentityService } from '../keystore/identity-service';
import { ProviderClient } from '../provider/provider-client';
import { IDLE, type OnboardingStateFile, type StoredOnboarding } from './onboarding-state';
import { toE164 } from './phone-number';

export const MAX_CODE_TRIES = 5;
export const LOCK_MINUTES = 15;

export interface OnboardingDeps {
  state: OnboardingStateFile;
  directory: () => DirectoryClient;
  identities: () => Promise<IdentityService>;
  account: AccountService;
  /** The network CA for provider APIs (null: system roots). */
  caPem: () => string | null;
  /** Default country for numbers typed without +. */
  country: () => Promise<string | null>;
  /** The simulated phone page on a local test network, else null. */
  simulatedPhoneUrl: (number: string) => string | null;
  bus: EventBus;
  now?: () => Date;
}

/**
 * Sign-up as an explicit state machine (docs/onboarding.md):
 *
 *   idle ─start→ code-sent ─verify(code)→ verified ─provider account + account.set→ done
 *                  │ wrong code: stays, tries left − 1      │ failure: stays, verify() retries
 *                  └ 5th wrong code → locked ─(15 min)→ start again
 *
 * Every step is written to onboarding.json before the next begins; a failure leaves the phase
 * as it was, with the reason in `error`, so the same call can simply be made again. The key
 * for the number is made once and reused (never deleted by a failure or cancel).
 */
export class OnboardingService {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;

  constructor(private readonly deps: OnboardingDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async status(): Promise<OnboardingStatus> {
    return this.view(await this.deps.state.read());
  }

  start(input: { number: string; provider?: string | undefined }): Promise<OnboardingStatus> {
    return this.serial(async () => {
      const before = await this.deps.state.read();
      const number = toE164(input.number, await this.deps.country());
      if (before.phase === 'verified' && before.number === number) return this.view(before); // the directory already has it: verify() finishes the rest
      const next = await this.step(
        before,
        async () => {
          const provider = await this.pickProvider(input.provider);
          const identity = await this.identityFor(number, before);
          const credential = await (await this.deps.identities()).current(identity, 'dns-publish');
          const created = await this.deps
            .directory()
            .create(
              number,
              credential.certificate.node.toString(),
              `sip:${number}@${provider.domain}`,
            );
          return {
            ...IDLE,
            phase: 'code-sent',
            number,
            identityId: identity,
            provider,
            triesLeft: MAX_CODE_TRIES,
            codeExpiresAt: created.expiresAt,
          };
        },
        before.phase === 'idle' ? { number } : {},
      );
      return this.view(next);
    });
  }

  verify(input: { code?: string | undefined }): Promise<OnboardingStatus> {
    return this.serial(async () => {
      let state = await this.deps.state.read();
      if (state.phase === 'code-sent') {
        const code = (input.code ?? '').replace(/\s/g, '');
        if (!/^\d{6}$/.test(code))
          throw new YakkerError('bad-input', 'Type the 6-digit code from the text message.');
        state = await this.verifyCode(state, code);
        if (state.phase !== 'verified') return this.view(state);
      }
      if (state.phase === 'verified') state = await this.finish(state);
      else if (state.phase !== 'done')
        throw new YakkerError(
          'bad-input',
          state.phase === 'locked'
            ? 'Too many wrong codes: ask for a new code once the wait is over.'
            : 'Start with your number first.',
        );
      return this.view(state);
    });
  }

  cancel(): Promise<OnboardingStatus> {
    return this.serial(async () => {
      const before = await this.deps.state.read();
      // A lock is the directory's: remember it so the screen can say how long to wait.
      const after: StoredOnboarding =
        before.phase === 'locked'
          ? before
          : { ...IDLE, number: before.number, later: before.later };
      await this.save(after);
      return this.view(after);
    });
  }

  later(): Promise<OnboardingStatus> {
    return this.serial(async () => {
      const next = { ...(await this.deps.state.read()), later: true };
      await this.save(next);
      return this.view(next);
    });
  }

  /** code-sent → verified (or stays, with tries left; or locked). */
  private async verifyCode(state: StoredOnboarding, code: string): Promise<StoredOnboarding> {
    const { number, identityId, provider } = this.require(state);
    const signer = await this.signer(identityId);
    try {
      await this.deps
        .directory()
        .verify(number, code, provider ? `sip:${number}@${provider.domain}` : undefined, signer);
    } catch (error) {
      if (error instanceof DirectoryApiError) {
        if (error.apiCode === 'code-invalid') {
          const left = /(\d+) tries? left/.exec(error.message);
          const triesLeft = left ? Number(left[1]) : Math.max(0, (state.triesLeft ?? 1) - 1);
          const next: StoredOnboarding = {
            ...state,
            triesLeft,
            error: {
              code: 'bad-input',
              message: `That code isn't right. ${triesLeft === 1 ? '1 try' : `${String(triesLeft)} tries`} left.`,
            },
          };
          await this.save(next);
          return next;
        }
        if (error.apiCode === 'number-locked') return this.locked(state);
        if (error.apiCode === 'code-expired' || error.apiCode === 'no-pending-account') {
          const next: StoredOnboarding = {
            ...state,
            phase: 'idle',
            triesLeft: null,
            codeExpiresAt: null,
            error: { code: 'bad-input', message: 'That code has expired. Ask for a new one.' },
          };
          await this.save(next);
          return next;
        }
      }
      await this.save({ ...state, error: describe(error) });
      throw error;
    }
    const next: StoredOnboarding = { ...state, phase: 'verified', triesLeft: null, error: null };
    await this.save(next);
    return next;
  }

  /** verified → done: the provider account (key-authenticated), then the SIP account. */
  private async finish(state: StoredOnboarding): Promise<StoredOnboarding> {
    const { number, identityId } = this.require(state);
    return this.step(state, async () => {
      const provider =
        state.provider?.apiUrl != null
          ? state.provider
          : await this.pickProvider(state.provider?.domain);
      if (provider.apiUrl === null)
        throw new YakkerError('unavailable', `${provider.name} has no sign-up service yet.`);
      const client = new ProviderClient(provider.apiUrl, this.deps.caPem(), provider.name);
      const opened = await client.createAccount(number, await this.signer(identityId));
      await this.deps.account.set({
        aor: opened.sip.uri,
        username: opened.sip.username,
        password: opened.sip.password,
        identityId,
      });
      return { ...state, provider, phase: 'done', error: null };
    });
  }

  private async locked(state: StoredOnboarding): Promise<StoredOnboarding> {
    const until = new Date(this.now().getTime() + LOCK_MINUTES * 60_000).toISOString();
    const next: StoredOnboarding = {
      ...state,
      phase: 'locked',
      triesLeft: 0,
      codeExpiresAt: null,
      lockedUntil: until,
      error: {
        code: 'bad-input',
        message: `Too many wrong codes. For your safety this number is locked for ${String(LOCK_MINUTES)} minutes; then ask for a new code.`,
      },
    };
    await this.save(next);
    return next;
  }

  /**
   * Runs one step: on success saves and returns the new state; on failure keeps the old state
   * with the reason in `error` (saved), and throws the error for the caller.
   */
  private async step(
    before: StoredOnboarding,
    run: () => Promise<StoredOnboarding>,
    failedWith: Partial<StoredOnboarding> = {},
  ): Promise<StoredOnboarding> {
    let next: StoredOnboarding;
    try {
      next = await run();
    } catch (error) {
      if (error instanceof DirectoryApiError && error.apiCode === 'number-locked') {
        const lockedUntil = /until (\S+Z)/.exec(error.message)?.[1];
        const locked = await this.locked({ ...before, ...failedWith });
        if (lockedUntil !== undefined) await this.save({ ...locked, lockedUntil });
        throw new YakkerError('bad-input', locked.error?.message ?? error.message);
      }
      await this.save({ ...before, ...failedWith, error: describe(error) }).catch(() => undefined);
      throw error;
    }
    await this.save(next);
    return next;
  }

  private async identityFor(number: string, before: StoredOnboarding): Promise<string> {
    const identities = await this.deps.identities();
    const all = await identities.list();
    const reuse =
      all.find((i) => i.id === before.identityId && i.tel === number) ??
      all.find((i) => i.tel === number && i.keyType === 'p256');
    if (reuse) return reuse.id;
    return (await identities.create({ tel: number })).id;
  }

  private async pickProvider(wanted?: string): Promise<AuthorisedProvider> {
    const list = await this.deps.directory().providers();
    const usable = list.filter((p) => p.apiUrl !== null);
    const w = wanted?.toLowerCase();
    const found =
      w === undefined
        ? usable[0]
        : usable.find((p) => p.name.toLowerCase() === w || p.domain.toLowerCase() === w);
    if (found === undefined)
      throw new YakkerError(
        'not-found',
        w === undefined
          ? 'No provider on this network takes new accounts right now.'
          : `No provider called "${wanted ?? ''}" on this network.`,
      );
    return found;
  }

  private async signer(identityId: string) {
    const identities = await this.deps.identities();
    return credentialSigner(() => identities.current(identityId, 'api-signatures'));
  }

  private require(state: StoredOnboarding): {
    number: string;
    identityId: string;
    provider: StoredOnboarding['provider'];
  } {
    if (state.number === null || state.identityId === null)
      throw new YakkerError('bad-input', 'Start with your number first.');
    return { number: state.number, identityId: state.identityId, provider: state.provider };
  }

  private async save(state: StoredOnboarding): Promise<void> {
    await this.deps.state.write(state);
    this.deps.bus.emit('onboarding.changed', this.view(state));
  }

  private view(s: StoredOnboarding): OnboardingStatus {
    return {
      phase: s.phase,
      number: s.number,
      provider: s.provider ? { name: s.provider.name, domain: s.provider.domain } : null,
      triesLeft: s.phase === 'code-sent' ? s.triesLeft : s.phase === 'locked' ? 0 : null,
      codeExpiresAt: s.phase === 'code-sent' ? s.codeExpiresAt : null,
      lockedUntil: s.phase === 'locked' ? s.lockedUntil : null,
      error: s.error,
      simulatedPhoneUrl:
        s.phase === 'code-sent' && s.number !== null ? this.deps.simulatedPhoneUrl(s.number) : null,
      later: s.later,
    };
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function describe(error: unknown): ContractError {
  if (error instanceof YakkerError) return { code: error.code, message: error.message };
  return { code: 'internal', message: 'Something went wrong; try again.' };
}
