// Fair sharing of a worker's slots between namespaces. The queue is ordered
// fairly (core's fairPriority), but a slot frees only when an activation
// ends: a namespace that filled every slot with 15-second activations would
// make another namespace's 10 ms one wait up to 15 s. So a namespace holds
// at most `cap` of this worker's slots, and the rest are kept for others; a
// job of a namespace at its cap goes back to the queue for a moment.
export class NamespaceShares {
  private readonly held = new Map<string, number>();

  constructor(readonly cap: number) {}

  /** Takes a slot for the namespace, or says it already holds its share. */
  tryTake(namespaceId: string): boolean {
    const held = this.held.get(namespaceId) ?? 0;
    if (held >= this.cap) return false;
    this.held.set(namespaceId, held + 1);
    return true;
  }

  release(namespaceId: string): void {
    const held = (this.held.get(namespaceId) ?? 0) - 1;
    if (held > 0) this.held.set(namespaceId, held);
    else this.held.delete(namespaceId);
  }
}

/** One slot in eight (at least one) kept for other namespaces; a worker of one slot keeps none. */
export function defaultNamespaceCap(slots: number): number {
  return Math.max(1, slots - Math.max(1, Math.round(slots / 8)));
}
