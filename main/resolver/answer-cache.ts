/** A bounded TTL cache (insertion-ordered Map; the oldest entries go first when full). */
export class TtlCache<V> {
  private readonly map = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.map.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Remaining lifetime in whole seconds, or 0 if absent. */
  remaining(key: string): number {
    const e = this.map.get(key);
    return e ? Math.max(0, Math.floor((e.expires - this.now()) / 1000)) : 0;
  }

  set(key: string, value: V, ttlSeconds: number): void {
    if (ttlSeconds <= 0 || this.maxEntries <= 0) return;
    this.map.delete(key);
    this.map.set(key, { value, expires: this.now() + ttlSeconds * 1000 });
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
