// What the pool has learned about time, smoothed: how long starting a
// container takes, how long an /init takes, and how long each action
// version holds a container per activation. Waiting for a busy warm
// container is weighed against these (container-pool.ts, pump).
/** How long a request waits for an action's busy container before its first activation has ended, at least. */
const FIRST_HOLD_GRACE_MS = 50;
const ewma = (previous: number | undefined, sample: number) => (previous === undefined ? sample : previous * 0.7 + sample * 0.3);

export class PoolEstimates {
  /** Per action version: how long a lease is held. */
  private readonly holdMs = new Map<string, number>();
  createMs = 500;
  initMs = 20;

  observeCreate(ms: number): void {
    this.createMs = ewma(this.createMs, ms);
  }

  observeInit(ms: number): void {
    this.initMs = ewma(this.initMs, ms);
  }

  observeHold(key: string, ms: number): void {
    this.holdMs.set(key, ewma(this.holdMs.get(key), ms));
  }

  /** How long a lease of `key` is held; undefined before its first one ends. */
  holdOf(key: string): number | undefined {
    return this.holdMs.get(key);
  }

  forget(key: string): void {
    this.holdMs.delete(key);
  }

  /**
   * Milliseconds until a busy container of `key` is expected to be free for a
   * request with `ahead` requests before it, given the action's containers
   * take `capacity` activations at once and the oldest of its activations in
   * flight started at `busySince`; Infinity when unknown. What a request has
   * waited already does not count: starting a container is worth it only when
   * it is quicker than what is left of the wait.
   */
  expectedWait(key: string, capacity: number, ahead: number, busySince: number | undefined, now: number): number {
    const hold = this.holdMs.get(key);
    if (capacity === 0) return Number.POSITIVE_INFINITY;
    // Its first activation has not ended yet: often it is ending (a caller that heard the result calls again
    // before the container is back), so wait a moment for it before paying a cold start on a spare container.
    // The moment counts from when that activation started, so a burst waits once, not once per request.
    if (hold === undefined) {
      return busySince !== undefined && now - busySince < Math.max(FIRST_HOLD_GRACE_MS, 2 * this.initMs) ? 0 : Number.POSITIVE_INFINITY;
    }
    return (hold * (ahead + 1)) / capacity;
  }

  snapshot(): { create: number; init: number; maxHold: number } {
    return { create: Math.round(this.createMs), init: Math.round(this.initMs), maxHold: Math.round(Math.max(0, ...this.holdMs.values()) * 10) / 10 };
  }
}
