import { decodeLiveLine, decodeLiveLines, LOG_BACKLOG_MAX_BYTES, logBacklogKey, logChannel } from '@brisk/core';
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveLogSink } from './live-logs.ts';

const prefix = newRedisPrefix();
const redis = new Redis(TEST_REDIS_URL);

/**
 * A client to subscribe with, once connected: a SUBSCRIBE sent while the
 * client still runs its ready check (INFO) puts the connection in subscriber
 * mode under that check, which then fails ("only subscriber commands").
 */
async function listening(): Promise<Redis> {
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  await client.connect();
  return client;
}

let subscriber: Redis;
beforeAll(async () => {
  subscriber = await listening();
});

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

    const expected = lines.map((line, index) => ({ index, line }));
    await expect.poll(() => heard.flatMap(decodeLiveLines), { timeout: 5_000 }).toEqual(expected);
    // The backlog holds the same messages, so a viewer can tell where live lines take over.
    expect((await redis.lrange(logBacklogKey(prefix, id), 0, -1)).flatMap(decodeLiveLines)).toEqual(expected);
    expect(await redis.ttl(logBacklogKey(prefix, id))).toBeGreaterThan(300);

    await sink.close();
    expect(await redis.exists(logBacklogKey(prefix, id))).toBe(0);
  });

  it('stops growing the backlog at its cap but keeps publishing', async () => {
    const id = 'b'.repeat(32);
    let heard = 0;
    const listener = await listening();
    await listener.subscribe(logChannel(prefix, id));
    listener.on('message', (_channel: string, message: string) => (heard += decodeLiveLines(message).length));
    const sink = liveLogSink(redis, prefix, id);
    const line = 'x'.repeat(1024);
    const count = Math.ceil(LOG_BACKLOG_MAX_BYTES / 1024) + 50;
    // A line per macrotask: each goes in a message of its own, the way a slow writer's would.
    for (let i = 0; i < count; i++) {
      sink.write(line);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await expect.poll(() => heard, { timeout: 5_000 }).toBe(count);
    const kept = (await redis.lrange(logBacklogKey(prefix, id), 0, -1)).flatMap(decodeLiveLines).length;
    expect(kept).toBeLessThan(count);
    expect(kept).toBeGreaterThanOrEqual(Math.floor(LOG_BACKLOG_MAX_BYTES / 1030));
    listener.disconnect();
  });

  it('leaves messages of another shape undecoded', () => {
    expect(decodeLiveLines('3 a\nnot a line\n4 b')).toEqual([
      { index: 3, line: 'a' },
      { index: 4, line: 'b' },
    ]);
    expect(decodeLiveLine('no-index here')).toBeUndefined();
    expect(decodeLiveLine('-1 negative')).toBeUndefined();
    expect(decodeLiveLine('7 ')).toEqual({ index: 7, line: '' });
  });
});

describe('liveLogSink under a flood', () => {
  it('sends the lines of one burst in a handful of round trips, in order', async () => {
    const id = 'c'.repeat(32);
    const heard: string[] = [];
    const listener = await listening();
    await listener.subscribe(logChannel(prefix, id));
    listener.on('message', (_channel: string, message: string) => heard.push(message));
    // A client of its own, counting the transactions the sink opens (Redis does the work as usual).
    const counted = new Redis(TEST_REDIS_URL);
    let transactions = 0;
    const multi = counted.multi.bind(counted);
    counted.multi = ((...args: Parameters<typeof multi>) => {
      transactions++;
      return multi(...args);
    }) as typeof counted.multi;
    const sink = liveLogSink(counted, prefix, id);
    for (let i = 0; i < 5_000; i++) sink.write(`line ${i} ${'x'.repeat(100)}`);
    await expect.poll(() => heard.flatMap(decodeLiveLines).length, { timeout: 5_000 }).toBe(5_000);
    expect(heard.flatMap(decodeLiveLines).map((live) => live.index)).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    // Written in one go, the lines go in one message, in one transaction (there used to be one per line).
    expect(heard).toHaveLength(1);
    expect(transactions).toBe(1);
    // The backlog took what fits under its cap, no more.
    const backlog = (await redis.lrange(logBacklogKey(prefix, id), 0, -1)).join('\n');
    expect(Buffer.byteLength(backlog)).toBeLessThanOrEqual(LOG_BACKLOG_MAX_BYTES + 16);
    await sink.close();
    counted.disconnect();
    listener.disconnect();
  });
});
