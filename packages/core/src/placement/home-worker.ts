// Which worker an action's activations go to, as OpenWhisk's sharding
// container pool balancer chooses: the action's home is a hash of its name
// over the healthy workers (in an order every web replica agrees on), and
// when the home lacks a free slot or the action's memory, the next worker is
// probed by a step coprime with the number of workers, so the probe visits
// every worker once and different actions overflow to different workers.
// Pure: tested without Redis.

/** A healthy worker as placement sees it: what it can still take. */
export interface PlacementCandidate {
  workerId: string;
  freeSlots: number;
  freeMemoryMb: number;
}

/** FNV-1a, 32 bits: cheap, and the same in every replica (no seed). */
export function placementHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The steps 1..n that are coprime with n: each walks all n workers before it repeats one. */
export function coprimeSteps(n: number): number[] {
  const steps: number[] = [];
  for (let step = 1; step <= Math.max(1, n); step++) if (gcd(step, n) === 1) steps.push(step);
  return steps;
}

/** The indexes (0..n-1) to try for `key`, home first. */
export function probeOrder(key: string, n: number): number[] {
  if (n <= 0) return [];
  const hash = placementHash(key);
  const steps = coprimeSteps(n);
  const step = steps[hash % steps.length] ?? 1;
  const home = hash % n;
  return Array.from({ length: n }, (_, i) => (home + i * step) % n);
}

/** The home worker of `key` among `workerIds` (sorted as placement sorts them), whatever their load. */
export function homeWorker(key: string, workerIds: readonly string[]): string | undefined {
  const sorted = [...workerIds].sort();
  const index = probeOrder(key, sorted.length)[0];
  return index === undefined ? undefined : sorted[index];
}

/**
 * The first worker in `key`'s probe order with a free slot and the memory,
 * or undefined when none has (the activation then overflows to the shared
 * queue, which every worker takes from). `candidates` must be sorted by id.
 */
export function chooseWorker(key: string, candidates: readonly PlacementCandidate[], memoryMb: number): PlacementCandidate | undefined {
  for (const index of probeOrder(key, candidates.length)) {
    const candidate = candidates[index];
    if (candidate && candidate.freeSlots > 0 && candidate.freeMemoryMb >= memoryMb) return candidate;
  }
  return undefined;
}
