import { decodeLiveLine, logBacklogKey, logChannel } from '@brisk/core';
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { liveLogSink } from './live-logs.ts';

const prefix = newRedisPrefix();
const redis = new Redis(TEST_REDIS_URL);
const subscriber = new Redis(TEST_REDIS_URL);

afterAll(async () => {
  subscriber.disconnect();
  redis.disconnect();
  await deleteRedisPrefix(prefix);
});

describe('liveLogSink', () => {
  it('publishes each line with its index and keeps every line in an expiring backlog for late viewers', async () => {
    const id = 'a'.repeat(32);
    const heard: string[] = [];
    await subscriber.subscribe(logChannel(prefix, id));
    subscriber.on('message', (_channel: string, message: string) => heard.push(message));

    const sink = liveLogSink(redis, prefix, id);
    const lines = ['2026-12-01T00:00:00.000Z stdout: one', '2026-12-01T00:00:00.001Z stderr: two words', '2026-12-01T00:00:00.002Z stdout: 3 three'];
    for (const line of lines) sink(line);

    await expect.poll(() => heard.length).toBe(3);
    expect(heard.map(decodeLiveLine)).toEqual(lines.map((line, index) => ({ index, line })));
    expect(await redis.lrange(logBacklogKey(prefix, id), 0, -1)).toEqual(lines);
    const ttl = await redis.ttl(logBacklogKey(prefix, id));
    expect(ttl).toBeGreaterThan(0);
  });

  it('leaves messages of another shape undecoded', () => {
    expect(decodeLiveLine('no-index here')).toBeUndefined();
    expect(decodeLiveLine('-1 negative')).toBeUndefined();
    expect(decodeLiveLine('7 ')).toEqual({ index: 7, line: '' });
  });
});
