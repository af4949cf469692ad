/**
 * A Map that holds at most `max` entries: adding a new key beyond that drops the oldest one (insertion order).
 * For process-wide caches keyed by content, where an entry is never wrong, only possibly evicted.
 */
export class BoundedMap<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  set(key: string, value: V): void {
    if (!this.map.has(key) && this.map.size >= this.max)
      this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }
}
