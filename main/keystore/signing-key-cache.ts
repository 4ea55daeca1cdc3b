import type { KeyObject } from 'node:crypto';
import type { IdentitySummary } from './identity-types';

/** What signs a call's SDP: the identity's names and its current private key. */
export interface SigningKey {
  summary: IdentitySummary;
  key: KeyObject;
}

/** The identity operations the cache needs (IdentityService has them). */
export interface SigningKeySource {
  get(ref: string): Promise<IdentitySummary>;
  current(ref: string, feature: 'calls'): Promise<{ key: KeyObject }>;
  /** Called after every change to the identities (create, import, renew, delete, …). */
  onChange(listener: () => void): () => void;
}

/** How long a cached key is used before it is read again (in the background, off the dial path). */
export const SIGNING_KEY_REFRESH_MS = 60_000;

interface Entry {
  value: Promise<SigningKey>;
  loadedAt: number;
  refreshing: boolean;
}

/**
 * The call-signing key of each identity, held in main's memory for the session so that signing
 * an INVITE or a 200 does not read and parse the keychain every time (docs/calls.md, "Identity
 * layer"). The key never leaves main. The cache is emptied when the identities change in this
 * process (renew, import, delete: the next sign uses the new key), on `clear()` (account changed
 * or cleared, the app closing) and when a read fails (a locked keychain: nothing is signed with a
 * key the keychain no longer gives out). An entry older than `refreshMs` is still used once, and
 * read again in the background, so a key changed by another process (the CLI) is picked up
 * within a minute without slowing a call down.
 */
export class SigningKeyCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly source: SigningKeySource,
    private readonly now: () => number = Date.now,
    private readonly refreshMs = SIGNING_KEY_REFRESH_MS,
  ) {
    source.onChange(() => {
      this.clear();
    });
  }

  /** The signing key of identity `ref`: from memory, or read once from the keychain. */
  get(ref: string): Promise<SigningKey> {
    const entry = this.entries.get(ref);
    if (entry === undefined) return this.load(ref).value;
    if (!entry.refreshing && this.now() - entry.loadedAt >= this.refreshMs) this.refresh(ref);
    return entry.value;
  }

  /** Forgets every key (sign-out, account change, app closing). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  private load(ref: string): Entry {
    const generation = this.generation;
    const entry: Entry = { value: this.read(ref), loadedAt: this.now(), refreshing: false };
    this.entries.set(ref, entry);
    entry.value.catch(() => {
      // A failed read (locked keychain, key gone) is not kept: the next sign tries again.
      if (generation === this.generation && this.entries.get(ref) === entry)
        this.entries.delete(ref);
    });
    return entry;
  }

  private refresh(ref: string): void {
    const entry = this.entries.get(ref);
    if (entry === undefined) return;
    entry.refreshing = true;
    const generation = this.generation;
    this.read(ref).then(
      (fresh) => {
        if (generation !== this.generation || this.entries.get(ref) !== entry) return;
        this.entries.set(ref, {
          value: Promise.resolve(fresh),
          loadedAt: this.now(),
          refreshing: false,
        });
      },
      () => {
        // Locked or gone: stop signing with the old key; the next sign reads (and fails) again.
        if (generation === this.generation && this.entries.get(ref) === entry)
          this.entries.delete(ref);
      },
    );
  }

  private async read(ref: string): Promise<SigningKey> {
    const summary = await this.source.get(ref);
    const { key } = await this.source.current(ref, 'calls');
    return { summary, key };
  }
}
