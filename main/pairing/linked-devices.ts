import { randomBytes } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import type { LinkedDevice } from '../../shared/contract/areas/devices';
import { linkedDeviceSchema } from '../../shared/contract/areas/devices';
import { YakkerError } from '../../shared/contract/result';
import { storageError, writeFileAtomic } from '../core/atomic-file';
import type { Logger } from '../core/logger';

/**
 * The list of devices linked by pairing, in one JSON file in the data folder (public data only:
 * names, dates, certificate fingerprints). Written atomically; a file that does not parse is
 * kept aside as `*.corrupt-<time>` and the list starts empty, never silently overwritten.
 */
export class LinkedDevices {
  private cache: LinkedDevice[] | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
    private readonly onChange: (devices: LinkedDevice[]) => void = () => undefined,
  ) {}

  async list(): Promise<LinkedDevice[]> {
    return [...(await this.load())];
  }

  /**
   * Records a pairing. A device linked again (same name, direction and identity, e.g. after a
   * revoke marked it `needsRelink`) replaces its old entry.
   */
  add(device: Omit<LinkedDevice, 'id'>): Promise<LinkedDevice> {
    return this.serial(async () => {
      const entry = { ...device, id: randomBytes(8).toString('hex') };
      const stale = (d: LinkedDevice) =>
        d.name === device.name &&
        d.direction === device.direction &&
        d.identityName === device.identityName;
      await this.save([...(await this.load()).filter((d) => !stale(d)), entry]);
      return entry;
    });
  }

  /**
   * After a revoke (docs/pairing.md §13): the removed device leaves the list (if still there) and
   * every other device that got the old key (`fingerprints`) is marked to be linked again.
   * Repeating it changes nothing.
   */
  revoked(id: string, fingerprints: readonly string[]): Promise<void> {
    return this.serial(async () => {
      const devices = await this.load();
      const next = devices
        .filter((d) => d.id !== id)
        .map((d) =>
          fingerprints.includes(d.fingerprint) && d.needsRelink !== true
            ? { ...d, needsRelink: true }
            : d,
        );
      if (JSON.stringify(next) !== JSON.stringify(devices)) await this.save(next);
    });
  }

  remove(id: string): Promise<void> {
    return this.serial(async () => {
      const devices = await this.load();
      if (!devices.some((d) => d.id === id)) {
        throw new YakkerError('not-found', 'That device is not in the list any more.');
      }
      await this.save(devices.filter((d) => d.id !== id));
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async save(devices: LinkedDevice[]): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(devices, null, 2)}\n`);
    this.cache = devices;
    this.onChange([...devices]);
  }

  private async load(): Promise<LinkedDevice[]> {
    if (this.cache) return this.cache;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.cache = []);
      throw storageError(this.path, error, 'read');
    }
    const parsed = linkedDeviceSchema.array().safeParse(safeJson(text));
    if (parsed.success) return (this.cache = parsed.data);
    const aside = `${this.path}.corrupt-${Date.now()}`;
    await rename(this.path, aside).catch((error: unknown) => {
      throw storageError(this.path, error, 'read');
    });
    this.logger.warn(`linked devices: unreadable file kept aside as ${aside}`);
    return (this.cache = []);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
