// The per-minute limit is a sliding window, against a real Redis: a count a
// few seconds old still counts after the minute turns, and one a minute old
// no longer does. The clock is faked; Redis is not.
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing/redis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { admitActivation, admitFire, type NamespaceLimits } from './throttles.ts';

let redis: Redis;
const prefix = newRedisPrefix();
const limits: NamespaceLimits = { invocationsPerMinute: 3, concurrentInvocations: 100, firesPerMinute: 2, activationRetentionDays: 7 };
// 55 s into a minute, so five seconds later the minute has turned.
const lateInAMinute = Date.UTC(2026, 11, 2, 12, 0, 55);

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  redis.disconnect();
  await deleteRedisPrefix(prefix);
});

const admit = (namespaceId: string, n: number) => admitActivation(redis, prefix, namespaceId, `activation-${n}`, limits, Date.now() + 60_000);

describe('invocations per minute', () => {
  it('counts invocations seconds old across a minute boundary', async () => {
    vi.useFakeTimers({ now: lateInAMinute, toFake: ['Date'] });
    for (const n of [1, 2, 3]) await admit('ns-boundary', n);
    vi.setSystemTime(lateInAMinute + 6_000);
    await expect(admit('ns-boundary', 4)).rejects.toMatchObject({
      kind: 'throttled',
      message: expect.stringMatching(/in the last minute \(count: 4, allowed: 3\)/),
    });
  });

  it('forgets invocations once they are a minute old', async () => {
    vi.useFakeTimers({ now: lateInAMinute, toFake: ['Date'] });
    for (const n of [1, 2, 3]) await admit('ns-forgets', n);
    vi.setSystemTime(lateInAMinute + 60_000);
    // Admitted; the three before it are past their deadline too, so it is the only one in flight.
    await expect(admit('ns-forgets', 4)).resolves.toBe(1);
  });
});

describe('trigger fires per minute', () => {
  it('counts fires across a minute boundary the same way', async () => {
    vi.useFakeTimers({ now: lateInAMinute, toFake: ['Date'] });
    await admitFire(redis, prefix, 'ns-fires', limits);
    await admitFire(redis, prefix, 'ns-fires', limits);
    vi.setSystemTime(lateInAMinute + 10_000);
    await expect(admitFire(redis, prefix, 'ns-fires', limits)).rejects.toMatchObject({ kind: 'throttled' });
  });
});
