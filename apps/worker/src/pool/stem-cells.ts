// Stem cells: containers started ahead of need, per runtime kind, so that the
// first activation of an action pays only /init. Configured as
// `BRISK_STEM_CELLS=nodejs:18=2,python:3=1` (optionally `kind=count@memoryMb`).
import { ACTION_LIMITS, imageForKind, resolveKind } from '@brisk/core';

export interface StemCellSpec {
  kind: string;
  image: string;
  /** A stem cell serves actions with exactly this memory limit. */
  memoryMb: number;
  count: number;
}

/** One nodejs and one python stem cell of the default memory size. */
export const DEFAULT_STEM_CELLS = 'nodejs:default=1,python:default=1';

/** Parses the BRISK_STEM_CELLS syntax; throws a readable error on nonsense. */
export function parseStemCells(text: string): StemCellSpec[] {
  const specs: StemCellSpec[] = [];
  for (const part of text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const match = /^([\w.:-]+?)=(\d+)(?:@(\d+))?$/.exec(part);
    if (!match) throw new Error(`BRISK_STEM_CELLS: "${part}" is not kind=count or kind=count@memoryMb`);
    const [, named, count, memory] = match as unknown as [string, string, string, string | undefined];
    let kind: string;
    try {
      kind = resolveKind(named);
    } catch {
      throw new Error(`BRISK_STEM_CELLS: unknown kind "${named}"`);
    }
    const image = imageForKind(kind);
    if (!image) throw new Error(`BRISK_STEM_CELLS: kind "${named}" has no runtime image`);
    const memoryMb = memory === undefined ? ACTION_LIMITS.memoryMb.default : Number(memory);
    if (memoryMb < ACTION_LIMITS.memoryMb.min || memoryMb > ACTION_LIMITS.memoryMb.max) {
      throw new Error(`BRISK_STEM_CELLS: memory ${memoryMb} MB of "${part}" is outside ${ACTION_LIMITS.memoryMb.min}..${ACTION_LIMITS.memoryMb.max}`);
    }
    specs.push({ kind, image, memoryMb, count: Number(count) });
  }
  return specs.filter((spec) => spec.count > 0);
}

/** Containers of the same image and memory limit are interchangeable before /init. */
export const specId = (spec: { image: string; memoryMb: number }) => `${spec.image}|${spec.memoryMb}`;

/** Fresh containers beyond the stem-cell targets: the oldest of each spec count against its target, newer ones are surplus. */
export function surplusOfStemCells<T extends { image: string; memoryMb: number }>(fresh: readonly T[], stems: readonly StemCellSpec[]): Set<T> {
  const quota = new Map<string, number>();
  for (const stem of stems) quota.set(specId(stem), (quota.get(specId(stem)) ?? 0) + stem.count);
  const surplus = new Set<T>();
  for (const container of fresh) {
    const left = quota.get(specId(container)) ?? 0;
    if (left > 0) quota.set(specId(container), left - 1);
    else surplus.add(container);
  }
  return surplus;
}
