import { readFile } from 'node:fs/promises';
import { settingsSchema, type Settings } from '../../shared/contract/requests';
import { storageError, writeFileAtomic } from '../core/atomic-file';
import type { Logger } from '../core/logger';

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  displayName: '',
  defaultCountry: 'US',
  privateLookups: false,
};

/**
 * The user's settings, as one JSON file in the data folder, written atomically. A file that is
 * unreadable or fails its schema is kept aside (settings.json.broken-<time>) and defaults are
 * used, so a bad file never stops the app and is never silently destroyed.
 */
export class SettingsStore {
  private current: Settings | undefined;

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<Settings> {
    this.current ??= await this.load();
    return this.current;
  }

  async update(patch: { [K in keyof Settings]?: Settings[K] | undefined }): Promise<Settings> {
    const next = settingsSchema.parse({ ...(await this.get()), ...stripUndefined(patch) });
    await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`);
    this.current = next;
    return next;
  }

  private async load(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULT_SETTINGS };
      throw storageError(this.path, error, 'read');
    }
    try {
      return settingsSchema.parse({ ...DEFAULT_SETTINGS, ...(JSON.parse(text) as object) });
    } catch (error) {
      const aside = `${this.path}.broken-${this.now()}`;
      await writeFileAtomic(aside, text);
      this.logger.warn('settings file was unreadable; kept it aside and used defaults', {
        aside,
        error,
      });
      return { ...DEFAULT_SETTINGS };
    }
  }
}

function stripUndefined(value: object): Partial<Settings> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
