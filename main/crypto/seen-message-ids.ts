import { readFile, writeFile, rename, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Remembers message ids to reject replays (RFC 8591 messages, wire profile "Messages"). */
export interface SeenMessageIds {
  /** Records (sender, id); false when it was already recorded (a replay). */
  remember(sender: string, messageId: string, dateTime: Date): Promise<boolean>;
}

export class MemorySeenMessageIds implements SeenMessageIds {
  private readonly seen = new Map<string, number>();
  remember(sender: string, messageId: string, dateTime: Date): Promise<boolean> {
    const key = `${sender} ${messageId}`;
    if (this.seen.has(key)) return Promise.resolve(false);
    this.seen.set(key, dateTime.getTime());
    return Promise.resolve(true);
  }
}

/**
 * A JSON file of seen ids (not secret: ids and times only), pruned of entries older than the
 * acceptance window, since older messages are refused as stale anyway. Used by the CLI.
 */
export class FileSeenMessageIds implements SeenMessageIds {
  constructor(
    private readonly path: string,
    private readonly keepMs: number,
    private readonly now: () => Date,
  ) {}

  async remember(sender: string, messageId: string, dateTime: Date): Promise<boolean> {
    const entries = await this.load();
    const key = `${sender} ${messageId}`;
    if (key in entries) return false;
    const cutoff = this.now().getTime() - this.keepMs;
    const kept = Object.fromEntries(Object.entries(entries).filter(([, t]) => t >= cutoff));
    kept[key] = dateTime.getTime();
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(`${this.path}.tmp`, JSON.stringify(kept));
    await rename(`${this.path}.tmp`, this.path);
    return true;
  }

  private async load(): Promise<Record<string, number>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
      return typeof parsed === 'object' && parsed !== null
        ? (parsed as Record<string, number>)
        : {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }
}
