// Fair sharing of a worker's slots between namespaces. The queue is ordered
// fairly (core's fairPriority), but a slot frees only when an activation
// ends: a namespace that filled every slot with 15-second activations would
// make another namespace's 10 ms one wait up to 15 s. So a namespace holds
// at most `cap` of this worker's slots, and the rest are kept for others. A
// job of a namespace at its cap waits in its slot a moment for one of the
// namespace's activations to end (it gets that share at once, so a namespace
// alone loses no throughput), and only then goes back to the queue, which
// lets another namespace's job, first in the queue by its priority, in.
export class NamespaceShares {
  private readonly held = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(readonly cap: number) {}

  /** Takes a slot for the namespace, waiting up to `ms` for one of its own to be released; false if none was. */
  take(namespaceId: string, ms: number): Promise<boolean> {
    if (this.tryTake(namespaceId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const queue = this.waiting.get(namespaceId) ?? [];
      const grant = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const rest = (this.waiting.get(namespaceId) ?? []).filter((waiter) => waiter !== grant);
        if (rest.length > 0) this.waiting.set(namespaceId, rest);
        else this.waiting.delete(namespaceId);
        resolve(false);
      }, ms);
      queue.push(grant);
      this.waiting.set(namespaceId, queue);
    });
  }

  /** Takes a slot for the namespace, or says it already holds its share. */
  tryTake(namespaceId: string): boolean {
    const held = this.held.get(namespaceId) ?? 0;
    if (held >= this.cap) return false;
    this.held.set(namespaceId, held + 1);
    return true;
  }

  release(namespaceId: string): void {
    // A job of the namespace waiting in its slot takes the share over: the count stays.
    const queue = this.waiting.get(namespaceId);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.waiting.delete(namespaceId);
    if (next) {
      next();
      return;
    }
    const held = (this.held.get(namespaceId) ?? 0) - 1;
    if (held > 0) this.held.set(namespaceId, held);
    else this.held.delete(namespaceId);
  }
}

/** One slot in eight (at least one) kept for other namespaces; a worker of one slot keeps none. */
export function defaultNamespaceCap(slots: number): number {
  return Math.max(1, slots - Math.max(1, Math.round(slots / 8)));
}
