// Stem cells sized from recent demand: the configured count raised to the
// largest recent burst of fresh containers, within the window and the caps.
import { describe, expect, it } from 'vitest';
import { StemDemand } from './stem-demand.ts';

const node = { kind: 'nodejs:18', image: 'runtime:node', memoryMb: 256 };
const python = { kind: 'python:3', image: 'runtime:python', memoryMb: 256 };
const options = { windowMs: 60_000, maxPerSpec: 8, maxMemoryMb: 4096 };

function took(demand: StemDemand, spec: typeof node, times: number[]): void {
  for (const at of times) demand.record(spec, at);
}

describe('stem cells from recent demand', () => {
  it('keeps the configured count while new actions come one at a time', () => {
    const demand = new StemDemand(options);
    took(demand, node, [0, 5_000, 10_000, 15_000, 20_000]);
    expect(demand.targets([{ ...node, count: 1 }], 21_000)).toEqual([{ ...node, count: 1 }]);
  });

  it('raises a spec to its largest burst, adds specs only demand asked for, and drops them once the window has passed', () => {
    const demand = new StemDemand(options);
    took(demand, node, [1_000, 1_100, 1_200, 1_300, 1_400, 1_500]);
    took(demand, python, [2_000, 2_050, 2_100]);
    expect(demand.targets([{ ...node, count: 1 }], 3_000)).toEqual([
      { ...node, count: 6 },
      { ...python, count: 3 },
    ]);
    // A minute after the python burst, only the configured stem cell is wanted.
    expect(demand.targets([{ ...node, count: 1 }], 62_100)).toEqual([{ ...node, count: 1 }]);
  });

  it('caps a burst per spec and all stem cells by memory, configured ones first', () => {
    const demand = new StemDemand({ ...options, maxPerSpec: 4, maxMemoryMb: 1024 });
    took(
      demand,
      node,
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect(demand.targets([], 100)).toEqual([{ ...node, count: 4 }]);
    // 2 configured python cells take 512 MB: 2 node cells more fit in 1024 MB.
    expect(demand.targets([{ ...python, count: 2 }], 100)).toEqual([
      { ...python, count: 2 },
      { ...node, count: 2 },
    ]);
  });

  it('does nothing when turned off', () => {
    const demand = new StemDemand({ ...options, maxPerSpec: 0 });
    took(demand, node, [0, 1, 2, 3]);
    expect(demand.targets([], 10)).toEqual([]);
  });
});
