// The default limits follow the installation's size, and env still overrides each.
import { describe, expect, it } from 'vitest';
import { limitsForSize, machineDefaultLimits, platformSize } from './machine-limits.ts';

describe('machine-sized default limits', () => {
  it('give a namespace half a minute of capacity per minute and four rounds of slots on this 2-core, one-worker size', () => {
    expect(platformSize({}, 2)).toEqual({ capacityPerSecond: 240, slots: 16 });
    expect(machineDefaultLimits({}, 2)).toEqual({ invocationsPerMinute: 7_200, concurrentInvocations: 64, firesPerMinute: 3_600 });
  });

  it('grow with cores, worker slots and workers, and with a measured capacity', () => {
    expect(platformSize({ BRISK_WORKER_CONCURRENCY: '32', BRISK_WORKERS: '3' }, 8)).toEqual({ capacityPerSecond: 960, slots: 96 });
    expect(machineDefaultLimits({ BRISK_CAPACITY_PER_SECOND: '1000', BRISK_WORKER_CONCURRENCY: '8' }, 2)).toEqual({
      invocationsPerMinute: 30_000,
      concurrentInvocations: 32,
      firesPerMinute: 15_000,
    });
    // A tiny installation still admits some work.
    expect(limitsForSize({ capacityPerSecond: 1, slots: 0 })).toEqual({ invocationsPerMinute: 60, concurrentInvocations: 4, firesPerMinute: 30 });
  });

  it('let each env var override its default, ignoring values that are not positive numbers', () => {
    const env = { BRISK_INVOCATIONS_PER_MINUTE: '60000', BRISK_CONCURRENT_INVOCATIONS: '1000', BRISK_FIRES_PER_MINUTE: 'lots' };
    expect(machineDefaultLimits(env, 2)).toEqual({ invocationsPerMinute: 60_000, concurrentInvocations: 1_000, firesPerMinute: 3_600 });
    expect(platformSize({ BRISK_WORKER_CONCURRENCY: '-3', BRISK_CAPACITY_PER_SECOND: '' }, 2)).toEqual({ capacityPerSecond: 240, slots: 16 });
  });
});
