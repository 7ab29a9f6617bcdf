// The pool's warm containers by action version: which one takes the next
// activation, and what an action's containers can take at once.
import type { Slot } from './pool-types.ts';

export class WarmSlots {
  private readonly byKey = new Map<string, Set<Slot>>();

  add(key: string, slot: Slot): void {
    const set = this.byKey.get(key) ?? new Set();
    set.add(slot);
    this.byKey.set(key, set);
  }

  /** Removes a container; true when it was its action version's last one. */
  remove(key: string, slot: Slot): boolean {
    const set = this.byKey.get(key);
    set?.delete(slot);
    if (set?.size !== 0) return false;
    this.byKey.delete(key);
    return true;
  }

  has(key: string): boolean {
    return (this.byKey.get(key)?.size ?? 0) > 0;
  }

  /** A container of `key` with room for one more activation: partly busy ones first (concurrency > 1), then the most recently used. */
  free(key: string): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.byKey.get(key) ?? []) {
      if (slot.inFlight >= slot.maxConcurrent) continue;
      if (!best || slot.inFlight > best.inFlight || (slot.inFlight === best.inFlight && slot.lastUsed > best.lastUsed)) best = slot;
    }
    return best;
  }

  /** How many activations of `key` its containers take at once, and when the oldest one in flight started. */
  capacity(key: string): { capacity: number; busySince: number | undefined } {
    let capacity = 0;
    let busySince: number | undefined;
    for (const slot of this.byKey.get(key) ?? []) {
      capacity += slot.maxConcurrent;
      // lastUsed is when a busy slot was last leased: its oldest activation in flight, for concurrency 1.
      if (slot.inFlight > 0 && (busySince === undefined || slot.lastUsed < busySince)) busySince = slot.lastUsed;
    }
    return { capacity, busySince };
  }
}
