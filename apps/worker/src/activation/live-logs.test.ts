import { decodeLiveLine, LOG_BACKLOG_MAX_BYTES, logBacklogKey, logChannel } from '@brisk/core';
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
  it('publishes each line with its index, keeps them in an expiring backlog for late viewers, and drops it when closed', async () => {
    const id = 'a'.repeat(32);
    const heard: string[] = [];
    await subscriber.subscribe(logChannel(prefix, id));
    subscriber.on('message', (_channel: string, message: string) => heard.push(message));

    const sink = liveLogSink(redis, prefix, id);
    const lines = ['2026-12-01T00:00:00.000Z stdout: one', '2026-12-01T00:00:00.001Z stderr: two words', '2026-12-01T00:00:00.002Z stdout: 3 three'];
    for (const line of lines) sink.write(line);

    await expect.poll(() => heard.length).toBe(3);
    const expected = lines.map((line, index) => ({ index, line }));
    expect(heard.map(decodeLiveLine)).toEqual(expected);
    // The backlog holds the same messages, so a viewer can tell where live lines take over.
    expect((await redis.lrange(logBacklogKey(prefix, id), 0, -1)).map(decodeLiveLine)).toEqual(expected);
    expect(await redis.ttl(logBacklogKey(prefix, id))).toBeGreaterThan(300);

    await sink.close();
    expect(await redis.exists(logBacklogKey(prefix, id))).toBe(0);
  });

  it('stops growing the backlog at its cap but keeps publishing', async () => {
    const id = 'b'.repeat(32);
    let heard = 0;
    const listener = new Redis(TEST_REDIS_URL);
    await listener.subscribe(logChannel(prefix, id));
    listener.on('message', () => heard++);
    const sink = liveLogSink(redis, prefix, id);
    const line = 'x'.repeat(1024);
    const count = Math.ceil(LOG_BACKLOG_MAX_BYTES / 1024) + 50;
    for (let i = 0; i < count; i++) sink.write(line);
    await expect.poll(() => heard, { timeout: 5_000 }).toBe(count);
    const kept = await redis.llen(logBacklogKey(prefix, id));
    expect(kept).toBeLessThan(count);
    expect(kept).toBeGreaterThanOrEqual(Math.floor(LOG_BACKLOG_MAX_BYTES / 1030));
    listener.disconnect();
  });

  it('leaves messages of another shape undecoded', () => {
    expect(decodeLiveLine('no-index here')).toBeUndefined();
    expect(decodeLiveLine('-1 negative')).toBeUndefined();
    expect(decodeLiveLine('7 ')).toEqual({ index: 7, line: '' });
  });
});
