// Which workers count as dead: a heartbeat missing once is not enough.
import { workerHeartbeatKey } from '@brisk/core';
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing/redis';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { heartbeatJudge } from './leftovers.ts';

const prefix = newRedisPrefix();
const redis = new Redis(TEST_REDIS_URL);

afterAll(async () => {
  redis.disconnect();
  await deleteRedisPrefix(prefix);
});

describe('heartbeatJudge', () => {
  it('takes a worker for dead only when its heartbeat stayed missing for the grace period', async () => {
    const judge = heartbeatJudge(redis, prefix, 300);
    const isAlive = (id: string) => judge.isAlive(id);
    await redis.set(workerHeartbeatKey(prefix, 'beating'), '{}');
    expect(await isAlive('beating')).toBe(true);
    // Missing (a Redis restart, or a crash): in doubt, alive.
    expect(await isAlive('silent')).toBe(true);
    expect(await isAlive('lapsed')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await isAlive('silent')).toBe(true);
    // It beats again before the grace ends: alive, and its clock starts over.
    await redis.set(workerHeartbeatKey(prefix, 'lapsed'), '{}');
    expect(await isAlive('lapsed')).toBe(true);
    await redis.del(workerHeartbeatKey(prefix, 'lapsed'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await isAlive('silent')).toBe(false);
    expect(await isAlive('lapsed')).toBe(true);
    expect(judge.inDoubt()).toBe(true); // 'lapsed' is missing again, not judged yet
  });
});
