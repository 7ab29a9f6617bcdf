// Which idle containers to destroy to make room: surplus fresh ones first,
// then the least recently used warm ones, then stem cells; nothing at all
// when even all of them would not free enough (destroying some would only
// cost warm starts). With `warmIdleForMs` (room for a stem cell), only warm
// containers idle that long qualify.
import type { Slot } from './pool-types.ts';

export interface EvictionContext {
  surplus: ReadonlySet<Slot>;
  warmIdleForMs: number;
  now: number;
}

export function chooseEvictions(slots: Iterable<Slot>, neededMb: number, { surplus, warmIdleForMs, now }: EvictionContext): Slot[] {
  if (neededMb <= 0) return [];
  const rank = (slot: Slot) => (surplus.has(slot) ? 0 : slot.key !== undefined ? 1 : 2);
  const idle = [...slots]
    .filter((slot) => !slot.destroyed && slot.inFlight === 0)
    .filter((slot) => warmIdleForMs === 0 || (slot.key !== undefined && now - slot.lastUsed >= warmIdleForMs))
    .sort((a, b) => rank(a) - rank(b) || a.lastUsed - b.lastUsed);
  let available = 0;
  for (const slot of idle) available += slot.memoryMb;
  if (available < neededMb) return [];
  const chosen: Slot[] = [];
  for (const slot of idle) {
    if (neededMb <= 0) break;
    neededMb -= slot.memoryMb;
    chosen.push(slot);
  }
  return chosen;
}
