import { describe, expect, it } from 'vitest';
import { HostCpuLoad } from './host-cpu.ts';

describe('the host CPU load', () => {
  it('gives the busy share of the CPU time between two samples, and keeps it for 250 ms', () => {
    let counters = { busy: 1_000, total: 4_000 };
    let now = 0;
    const load = new HostCpuLoad(
      () => counters,
      () => now,
    );
    counters = { busy: 1_900, total: 5_000 };
    now = 100;
    expect(load.busyFraction()).toBe(0); // too soon for a new sample
    now = 300;
    expect(load.busyFraction()).toBeCloseTo(0.9);
    counters = { busy: 2_000, total: 6_000 };
    now = 400;
    expect(load.busyFraction()).toBeCloseTo(0.9);
    now = 600;
    expect(load.busyFraction()).toBeCloseTo(0.1);
  });

  it('reads the real host: a share between 0 and 1', async () => {
    const load = new HostCpuLoad();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const share = load.busyFraction();
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(1);
  });
});
