// Reactive stem cells: how many fresh containers of each image and memory
// size recent demand asked for, so that the pool keeps that many started
// ahead of the next such demand (OpenWhisk's "reactive prewarm" sizes its
// prewarmed containers from recent cold starts the same way).
//
// The measure is the burst, not the total: the most fresh containers taken
// within any BURST_MS during the window. New actions arriving one every few
// seconds ask for one at a time and keep the configured count; 32 clients on
// a new action asking for 8 at once make the pool keep up to 8 ready, until
// the window passes without such a burst. Then the extra stem cells are
// surplus and the reaper removes them once idle.
import type { StemCellSpec } from './stem-cells.ts';
import { specId } from './stem-cells.ts';

/** Fresh containers taken this close together count as one burst. */
const BURST_MS = 2_000;
/** Timestamps kept per spec, at most (a burst larger than this is capped anyway). */
const KEPT = 256;
/** How long the targets worked out by `wanted` are reused (the pool asks on every release). */
const TARGETS_MS = 250;

export interface StemDemandOptions {
  /** How long a burst keeps its stem cells wanted. */
  windowMs: number;
  /** The most stem cells recent demand may ask for, per image and memory size; 0 turns reactive stem cells off. */
  maxPerSpec: number;
  /** The most memory all stem cells together may hold, configured ones included. */
  maxMemoryMb: number;
}

type FreshSpec = Omit<StemCellSpec, 'count'>;

export class StemDemand {
  private readonly taken = new Map<string, { spec: FreshSpec; at: number[] }>();
  private cached: { at: number; specs: StemCellSpec[] } | undefined;

  constructor(
    private readonly options: StemDemandOptions,
    private readonly configured: readonly StemCellSpec[] = [],
  ) {}

  /** The configured stem cells raised to recent demand (`targets`), worked out at most every TARGETS_MS. */
  wanted(now: number): StemCellSpec[] {
    if (!this.cached || now - this.cached.at >= TARGETS_MS) this.cached = { at: now, specs: this.targets(this.configured, now) };
    return this.cached.specs;
  }

  /** A request took a fresh container (a stem cell or one started for it). */
  record(spec: FreshSpec, now: number): void {
    if (this.options.maxPerSpec === 0) return;
    this.cached = undefined;
    const id = specId(spec);
    const entry = this.taken.get(id) ?? { spec: { kind: spec.kind, image: spec.image, memoryMb: spec.memoryMb }, at: [] };
    entry.at.push(now);
    if (entry.at.length > KEPT) entry.at.shift();
    this.taken.set(id, entry);
  }

  /**
   * The stem cells to keep: the configured ones, each raised to its recent
   * burst, plus specs only recent demand asked for; within the memory cap
   * (configured counts first, then the largest bursts).
   */
  targets(configured: readonly StemCellSpec[], now: number): StemCellSpec[] {
    const wanted = new Map<string, StemCellSpec>();
    for (const stem of configured) {
      const known = wanted.get(specId(stem));
      if (known) known.count += stem.count;
      else wanted.set(specId(stem), { ...stem });
    }
    let memoryMb = [...wanted.values()].reduce((sum, stem) => sum + stem.count * stem.memoryMb, 0);
    const extras: { id: string; spec: FreshSpec; extra: number }[] = [];
    for (const [id, entry] of this.taken) {
      while (entry.at.length > 0 && entry.at[0]! <= now - this.options.windowMs) entry.at.shift();
      if (entry.at.length === 0) {
        this.taken.delete(id);
        continue;
      }
      const burst = Math.min(this.options.maxPerSpec, largestBurst(entry.at));
      const extra = burst - (wanted.get(id)?.count ?? 0);
      if (extra > 0) extras.push({ id, spec: entry.spec, extra });
    }
    extras.sort((a, b) => b.extra - a.extra);
    for (const { id, spec, extra } of extras) {
      const fits = Math.min(extra, Math.floor((this.options.maxMemoryMb - memoryMb) / spec.memoryMb));
      if (fits <= 0) continue;
      memoryMb += fits * spec.memoryMb;
      const known = wanted.get(id);
      if (known) known.count += fits;
      else wanted.set(id, { ...spec, count: fits });
    }
    return [...wanted.values()];
  }
}

/** The most timestamps (ascending) within any BURST_MS. */
function largestBurst(at: readonly number[]): number {
  let most = 0;
  for (let first = 0, last = 0; last < at.length; last++) {
    while (at[last]! - at[first]! >= BURST_MS) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
