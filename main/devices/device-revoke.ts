import { createHash } from 'node:crypto';
import type { RevokeStatus } from '../../shared/contract/areas/devices';
import type { ContractError } from '../../shared/contract/errors';
import { YakkerError } from '../../shared/contract/result';
import { DirectoryApiError, type DirectoryClient } from '../directory/directory-client';
import { credentialSigner, type RequestSigner } from '../directory/request-signer';
import type { IdentityService } from '../keystore/identity-service';
import { newKeyAccount } from '../keystore/identity-records';
import type { LinkedDevices } from '../pairing/linked-devices';
import {
  NO_REVOKE,
  pending,
  revokeView,
  type RevokeStateFile,
  type StoredRevoke,
} from './revoke-state';

export interface DeviceRevokeDeps {
  state: RevokeStateFile;
  linked: LinkedDevices;
  identities: () => Promise<IdentityService>;
  /** Throws not-configured when the network has no directory. */
  directory: () => Pick<DirectoryClient, 'replaceKey'>;
  onChange: (status: RevokeStatus) => void;
  /** Keychain account names for new keys (tests pin it). */
  keyAccount?: () => string;
  now?: () => Date;
}

/**
 * Removing a linked device for real (docs/pairing.md §13), as an explicit state machine whose
 * phase is saved in revoke.json before the next step starts:
 *
 *   idle ─revoke(id)→ started ─new key in the keychain→ key-made
 *        ─directory: new certificate in place of the old (signed with the old key)→ published
 *        ─this device switches to the new key, list updated→ done
 *
 * Every step can be repeated: a failure keeps the phase, records the reason and throws it;
 * resume() (or the same revoke again) goes on from there. Nothing is deleted on failure.
 */
export class DeviceRevoke {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly keyAccount: () => string;
  private readonly now: () => Date;

  constructor(private readonly deps: DeviceRevokeDeps) {
    this.keyAccount = deps.keyAccount ?? newKeyAccount;
    this.now = deps.now ?? (() => new Date());
  }

  async status(): Promise<RevokeStatus> {
    return revokeView(await this.deps.state.read());
  }

  revoke(deviceId: string): Promise<RevokeStatus> {
    return this.serial(async () => {
      const before = await this.deps.state.read();
      if (pending(before)) {
        if (before.deviceId === deviceId) return this.run(before);
        throw new YakkerError(
          'bad-input',
          `Removing ${before.deviceName ?? 'another device'} is not finished yet. Finish it first.`,
        );
      }
      const device = (await this.deps.linked.list()).find((d) => d.id === deviceId);
      if (device?.needsRelink === true) {
        // It only has a key that was already revoked: nothing to lock out, just forget it.
        await this.deps.linked.remove(deviceId);
        return revokeView({ ...NO_REVOKE, deviceName: device.name });
      }
      return this.run(await this.begin(deviceId));
    });
  }

  /** Goes on with an unfinished revoke; with none, returns the status as it is. */
  resume(): Promise<RevokeStatus> {
    return this.serial(async () => {
      const state = await this.deps.state.read();
      return pending(state) ? this.run(state) : revokeView(state);
    });
  }

  /** Checks everything that can be checked before anything changes, then saves `started`. */
  private async begin(deviceId: string): Promise<StoredRevoke> {
    const device = (await this.deps.linked.list()).find((d) => d.id === deviceId);
    if (device === undefined)
      throw new YakkerError('not-found', 'That device is not in the list any more.');
    const identities = await this.deps.identities();
    const identity = (await identities.list()).find((i) =>
      i.certificates.some((c) => c.fingerprint === device.fingerprint),
    );
    if (identity === undefined)
      throw new YakkerError(
        'identity-not-found',
        `The key you shared with ${device.name} is not on this device any more.`,
      );
    if (identity.tel === null)
      throw new YakkerError(
        'not-configured',
        `Only a phone number's key can be replaced in the directory; ${identity.name} has none.`,
      );
    this.deps.directory(); // not-configured now rather than after the key was made
    const started: StoredRevoke = {
      ...NO_REVOKE,
      phase: 'started',
      deviceId,
      deviceName: device.name,
      identityId: identity.id,
      number: identity.tel,
      oldFingerprints: identity.certificates.map((c) => c.fingerprint),
      keyAccount: this.keyAccount(),
    };
    await this.save(started);
    return started;
  }

  private async run(initial: StoredRevoke): Promise<RevokeStatus> {
    let state = initial;
    while (pending(state)) {
      const from = state;
      try {
        state = { ...(await this.step(from)), error: null };
      } catch (error) {
        await this.save({ ...from, error: describe(error) }).catch(() => undefined);
        throw error;
      }
      await this.save(state);
    }
    return revokeView(state);
  }

  private async step(state: StoredRevoke): Promise<StoredRevoke> {
    const { identityId, number, keyAccount, newCertificatePem: pem } = state;
    if (identityId === null || number === null || keyAccount === null)
      throw new YakkerError('storage-failed', 'revoke.json is missing what it needs');
    const identities = await this.deps.identities();
    switch (state.phase) {
      case 'started': {
        const staged = await identities.stageKey(identityId, keyAccount);
        return {
          ...state,
          phase: 'key-made',
          newCertificatePem: staged.certificate.node.toString(),
          newFingerprint: fingerprint(staged.certificate.der),
        };
      }
      case 'key-made': {
        if (pem === null) throw new YakkerError('storage-failed', 'the new certificate is missing');
        await this.publish(state, number, pem, identities);
        return { ...state, phase: 'published' };
      }
      case 'published': {
        if (pem === null) throw new YakkerError('storage-failed', 'the new certificate is missing');
        await identities.adoptKey(identityId, keyAccount, pem);
        await this.deps.linked.revoked(state.deviceId ?? '', state.oldFingerprints);
        return { ...state, phase: 'done', finishedAt: this.now().toISOString() };
      }
      case 'idle':
      case 'done':
        return state;
    }
  }

  /**
   * The directory swaps the certificates, signed with the old key. If it answers that the
   * signing key is not the number's (our first try went through but the answer was lost), the
   * same request signed with the new key confirms it; a third key means someone else did it.
   */
  private async publish(
    state: StoredRevoke,
    number: string,
    pem: string,
    identities: IdentityService,
  ): Promise<void> {
    const directory = this.deps.directory();
    const old: RequestSigner = credentialSigner(() =>
      identities.current(state.identityId ?? '', 'api-signatures'),
    );
    const fresh: RequestSigner = credentialSigner(() =>
      identities.stagedCredential(state.keyAccount ?? '', pem),
    );
    let account;
    try {
      account = await directory.replaceKey(number, pem, old);
    } catch (error) {
      if (!isKeyMismatch(error)) throw error;
      try {
        account = await directory.replaceKey(number, pem, fresh);
      } catch (second) {
        if (!isKeyMismatch(second)) throw second;
        throw new YakkerError(
          'key-conflict',
          `The directory has a key for ${number} that this device did not make: another device with your key may have replaced it. Sign in with your number again (we'll text you a code) to take it back.`,
        );
      }
    }
    if (account.keyId !== state.newFingerprint)
      throw new YakkerError('unavailable', 'The directory did not take the new key; try again.');
  }

  private async save(state: StoredRevoke): Promise<void> {
    await this.deps.state.write(state);
    this.deps.onChange(revokeView(state));
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function isKeyMismatch(error: unknown): boolean {
  return error instanceof DirectoryApiError && error.apiCode === 'signature-key-mismatch';
}

function fingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

function describe(error: unknown): ContractError {
  if (error instanceof YakkerError) return { code: error.code, message: error.message };
  return { code: 'internal', message: 'Something went wrong; try again.' };
}
