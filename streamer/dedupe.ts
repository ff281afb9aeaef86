/**
 * A bounded set of recently seen keys with least-recently-seen eviction (a Map keeps insertion
 * order, so re-inserting a key moves it to the young end). It remembers the last `capacity` keys:
 * enough to absorb the overlap between the live stream and a REST catch-up, which is minutes of
 * news, not the whole history (the warehouse MERGE on id is the final dedupe).
 */
export class RecentKeys {
  private readonly keys = new Map<string, true>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  /** True if `key` was seen recently (and marks it seen again); false the first time (and remembers it). */
  seen(key: string): boolean {
    const known = this.keys.delete(key);
    this.keys.set(key, true);
    if (!known && this.keys.size > this.capacity) this.keys.delete(this.keys.keys().next().value as string);
    return known;
  }

  /** Forgets `key` (a send that failed for good must be accepted again later). */
  forget(key: string): void {
    this.keys.delete(key);
  }

  get size(): number {
    return this.keys.size;
  }
}
