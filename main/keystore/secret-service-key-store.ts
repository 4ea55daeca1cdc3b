import { randomBytes } from 'node:crypto';
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { YakkerError } from '../../shared/contract/result';
import type { KeyStore } from './key-store';

/** The keychain service name Yakker uses unless YAKKER_KEYCHAIN_SERVICE overrides it (tests). */
export const DEFAULT_KEYCHAIN_SERVICE = 'org.yakker.desktop';
const PROBE_ACCOUNT = 'yakker-probe';

/** What the keychain library offers; injected so the error mapping is testable. */
export interface KeychainEntryFactory {
  (
    service: string,
    account: string,
    options: EntryOptions,
  ): Pick<AsyncEntry, 'getPassword' | 'setPassword' | 'deletePassword'>;
}

const realFactory: KeychainEntryFactory = (service, account, options) =>
  new AsyncEntry(service, account, options);

/**
 * The OS keychain through @napi-rs/keyring: Secret Service on Linux (gnome-keyring, KWallet),
 * Keychain on macOS, Credential Manager on Windows. On Linux the entry is pinned to the
 * Secret Service store: the library would otherwise fall back to the kernel keyring, which
 * forgets everything at logout, and we never fall back silently.
 */
export class SecretServiceKeyStore implements KeyStore {
  readonly backend: string;
  private probing: Promise<void> | null = null;

  constructor(
    private readonly service: string = DEFAULT_KEYCHAIN_SERVICE,
    private readonly factory: KeychainEntryFactory = realFactory,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.backend = `os-keychain:${service}`;
  }

  async get(account: string): Promise<string | null> {
    const value = await this.call(() => this.entry(account).getPassword());
    // Secret Service answers "nothing" for items in a locked collection. Tell "absent" from
    // "locked" by writing a probe item: a locked keychain refuses the write (fail closed).
    if (value === null) await this.probeWritable();
    return value;
  }

  /**
   * One probe at a time in this process, on an item of its own: two probes on one shared item
   * raced (one deleted the item while the other was writing it: "No such interface
   * org.freedesktop.Secret.Item", taken for an unusable keychain), which happened when a screen
   * read several missing entries at once.
   */
  private probeWritable(): Promise<void> {
    this.probing ??= this.call(async () => {
      const probe = this.entry(`${PROBE_ACCOUNT}-${randomBytes(6).toString('hex')}`);
      await probe.setPassword('probe');
      await probe.deletePassword();
    }).finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  async set(account: string, secret: string): Promise<void> {
    await this.call(() => this.entry(account).setPassword(secret));
  }

  async delete(account: string): Promise<boolean> {
    return this.call(() => this.entry(account).deletePassword());
  }

  private entry(account: string) {
    const options: EntryOptions =
      this.platform === 'linux' ? { linux: { store: 'secret-service' } } : {};
    return this.factory(this.service, account, options);
  }

  private async call<T>(action: () => Promise<T>): Promise<T> {
    if (this.platform === 'linux' && !hasSessionBus(this.env)) {
      throw keychainUnavailable(
        'there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)',
      );
    }
    try {
      return await action();
    } catch (error) {
      throw mapKeychainError(error);
    }
  }
}

/** A session bus address, or libdbus's fallback socket $XDG_RUNTIME_DIR/bus. */
function hasSessionBus(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env['DBUS_SESSION_BUS_ADDRESS']) return true;
  const runtime = env['XDG_RUNTIME_DIR'];
  return Boolean(runtime && existsSync(join(runtime, 'bus')));
}

/** Turns a keychain library error into keychain-locked or keychain-unavailable. */
export function mapKeychainError(error: unknown): YakkerError {
  if (error instanceof YakkerError) return error;
  const text = error instanceof Error ? error.message : String(error);
  // gnome-keyring: "unlock prompt was dismissed" (locked, no prompter), "no result found"
  // (no default collection yet: nobody created or unlocked a login keyring).
  if (/locked|prompt|dismissed|cancel|no result found/i.test(text)) {
    return new YakkerError(
      'keychain-locked',
      'The keychain is locked. Unlock it (log in to the desktop session, or run ' +
        '`gnome-keyring-daemon --unlock` / open Passwords and Keys) and try again. ' +
        `Yakker never stores keys outside the keychain. (${text})`,
      { cause: error },
    );
  }
  return keychainUnavailable(text, error);
}

function keychainUnavailable(detail: string, cause?: unknown): YakkerError {
  return new YakkerError(
    'keychain-unavailable',
    'No usable OS keychain. On Linux install and start a Secret Service provider ' +
      '(gnome-keyring or KWallet) in your desktop session; on macOS/Windows the system keychain ' +
      `must be reachable. Yakker never stores keys outside the keychain. (${detail})`,
    { cause },
  );
}
