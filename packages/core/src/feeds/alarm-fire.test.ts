// Alarm ticks against a real database and Redis: a fire refused for good
// disables the alarm at once with its reason, a throttled one is counted and
// disables it only at the tenth in a row, and a tick of a config since
// changed does nothing.
import { createDb, type Db } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordWriter } from '../activation/record-writer.ts';
import type { InvokeDeps } from '../deps.ts';
import { openActivationQueue } from '../queue.ts';
import { type AlarmConfig, alarmConfig } from './alarm-config.ts';
import { fireAlarm, MAX_FAILED_FIRES } from './alarm-fire.ts';
import { type AlarmQueue, configGeneration, openAlarmQueue, scheduleAlarm } from './alarm-schedules.ts';

let database: TestDatabase;
let db: Db;
let redis: Redis;
let deps: InvokeDeps;
let alarms: AlarmQueue;
const redisPrefix = newRedisPrefix();

beforeAll(async () => {
  database = await createTestDatabase('alarm-fire');
  db = createDb(database.url, { poolSize: 2 });
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  deps = { db, redis, redisPrefix, activationQueue: openActivationQueue(redis, redisPrefix), records: RecordWriter.connect(database.url) };
  alarms = openAlarmQueue(redis, redisPrefix);
});

afterAll(async () => {
  await alarms?.close();
  await deps?.activationQueue.close();
  await deps?.records.close();
  redis?.disconnect();
  await deleteRedisPrefix(redisPrefix);
  await db?.$disconnect();
  await database?.drop();
});

/** A namespace (with fires per minute as given) whose trigger has an active rule and an every-minute alarm. */
async function alarmedTrigger(name: string, firesPerMinute: number, payload: unknown = {}): Promise<{ triggerId: string; config: AlarmConfig }> {
  const namespace = await db.namespace.create({ data: { name, firesPerMinute } });
  const trigger = await db.trigger.create({ data: { namespaceId: namespace.id, name: 'tick' } });
  await db.rule.create({ data: { namespaceId: namespace.id, name: 'on-tick', trigger: `/${name}/tick`, action: `/${name}/nothing`, status: 'active' } });
  const config = alarmConfig('alarm', { cron: '* * * * *', trigger_payload: payload }, Date.now());
  await db.triggerFeed.create({ data: { triggerId: trigger.id, feed: '/whisk.system/alarms/alarm', config: config as never } });
  await scheduleAlarm(alarms, trigger.id, config);
  return { triggerId: trigger.id, config };
}

describe('an alarm tick', () => {
  it('disables the alarm at once when the fire is refused for good, and unschedules it', async () => {
    // A payload past the parameter size limit: 413, which no retry mends.
    const { triggerId, config } = await alarmedTrigger('too-big', 100, { blob: 'x'.repeat(2 * 1024 * 1024) });
    expect(await fireAlarm(deps, alarms, { triggerId, generation: configGeneration(config) })).toBe('disabled');
    const feed = await db.triggerFeed.findUniqueOrThrow({ where: { triggerId } });
    expect(feed).toMatchObject({ active: false, failures: 1 });
    expect(feed.reason).toMatch(/^Automatically disabled after the trigger fire was refused with 413: /);
    expect(await alarms.getJobScheduler(`alarm-${triggerId}`)).toBeUndefined();
  });

  it('counts throttled fires and disables the alarm only at the tenth in a row', async () => {
    const { triggerId, config } = await alarmedTrigger('throttled', 0);
    const tick = { triggerId, generation: configGeneration(config) };
    for (let n = 1; n < MAX_FAILED_FIRES; n++) expect(await fireAlarm(deps, alarms, tick)).toBe('failed');
    expect(await db.triggerFeed.findUniqueOrThrow({ where: { triggerId } })).toMatchObject({ active: true, failures: MAX_FAILED_FIRES - 1 });
    expect(await fireAlarm(deps, alarms, tick)).toBe('disabled');
    const feed = await db.triggerFeed.findUniqueOrThrow({ where: { triggerId } });
    expect(feed.active).toBe(false);
    expect(feed.reason).toMatch(/after 10 failed trigger fires in a row; the last: Too many trigger fires/);
  });

  it('does nothing for a tick of a config since changed', async () => {
    const { triggerId } = await alarmedTrigger('changed', 0);
    expect(await fireAlarm(deps, alarms, { triggerId, generation: 'an-older-config' })).toBe('stale');
    expect(await db.triggerFeed.findUniqueOrThrow({ where: { triggerId } })).toMatchObject({ active: true, failures: 0 });
  });
});
