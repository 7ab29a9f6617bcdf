// Snapshots through a real Redis: a publisher's snapshot is read by others
// (not by itself), it expires when its publisher stops refreshing it (a dead
// process), and it is withdrawn at once by a clean stop.
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing/redis';
import { Redis } from 'ioredis';
import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsSourcesKey, publishMetricsSnapshot, readMetricsSnapshots, startMetricsPublisher, type MetricsSnapshot } from './published-metrics.ts';

let redis: Redis;
const prefix = newRedisPrefix();

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
});

afterAll(async () => {
  redis.disconnect();
  await deleteRedisPrefix(prefix);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const namesOf = (snapshots: MetricsSnapshot[]) => snapshots.flatMap((snapshot) => snapshot.map((metric) => metric.name)).sort();

function registryWith(name: string): Registry {
  const registry = new Registry();
  new Counter({ name, help: name, registers: [registry] }).inc(5);
  return registry;
}

describe('published metrics', () => {
  it("serves each living publisher's snapshot to the others, and forgets a publisher that stopped refreshing", async () => {
    const one = startMetricsPublisher({ redis, prefix, source: 'worker:one', registry: registryWith('one_total'), everyMs: 100 });
    // A process that published once and died: nothing refreshes its snapshot.
    await publishMetricsSnapshot(redis, prefix, 'worker:dead', (await registryWith('dead_total').getMetricsAsJSON()) as MetricsSnapshot, 300);
    await one.publishNow();

    expect(namesOf(await readMetricsSnapshots(redis, prefix))).toEqual(['dead_total', 'one_total']);
    expect(namesOf(await readMetricsSnapshots(redis, prefix, 'worker:one'))).toEqual(['dead_total']);
    const [snapshot] = await readMetricsSnapshots(redis, prefix, 'worker:dead');
    expect(snapshot?.[0]?.values[0]?.value).toBe(5);

    await sleep(450);
    // The living one refreshed itself meanwhile; the dead one expired, and left the index too.
    expect(namesOf(await readMetricsSnapshots(redis, prefix))).toEqual(['one_total']);
    expect(await redis.zrange(metricsSourcesKey(prefix), 0, -1)).toEqual(['worker:one']);

    await one.stop();
    expect(await readMetricsSnapshots(redis, prefix)).toEqual([]);
    expect(await redis.zcard(metricsSourcesKey(prefix))).toBe(0);
  });

  it('skips a snapshot that is not JSON', async () => {
    await publishMetricsSnapshot(redis, prefix, 'worker:odd', [], 5_000);
    await redis.set(`${prefix}:metrics:worker:odd`, '{not json', 'PX', 5_000);
    expect(await readMetricsSnapshots(redis, prefix)).toEqual([]);
  });
});
