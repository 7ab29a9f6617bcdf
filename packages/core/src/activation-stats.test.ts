// The dashboard's SQL aggregates against a real database.
import { createDb, type Db } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationStats } from './activation-stats.ts';
import type { Caller } from './namespaces.ts';

let database: TestDatabase;
let db: Db;
let caller: Caller;
const NOW = Date.UTC(2026, 5, 1, 12, 30, 0);
let counter = 0;

async function activation(
  path: string,
  minutesAgo: number,
  duration: number,
  options: { statusCode?: number; cold?: boolean; kind?: string; type?: string } = {},
) {
  const start = NOW - minutesAgo * 60_000;
  const annotations: object[] = [{ key: 'kind', value: options.kind ?? 'nodejs:18' }];
  if (options.cold) annotations.push({ key: 'initTime', value: 40 });
  await db.activation.create({
    data: {
      activationId: (++counter).toString(16).padStart(32, '0'),
      namespaceId: caller.namespaceId,
      entityType: options.type ?? 'action',
      name: path,
      path,
      version: '0.0.1',
      subject: 'guest',
      start: new Date(start),
      end: new Date(start + duration),
      duration,
      statusCode: options.statusCode ?? 0,
      success: (options.statusCode ?? 0) === 0,
      logs: [],
      annotations,
    },
  });
}

beforeAll(async () => {
  database = await createTestDatabase('stats');
  db = createDb(database.url, { poolSize: 2 });
  const ns = await db.namespace.create({ data: { name: 'guest' } });
  caller = { namespaceId: ns.id, namespace: 'guest', subject: 'guest' };
  // "fast": 10 activations of 10..100 ms, one cold, two failed, in the last 10 minutes.
  for (let i = 1; i <= 10; i++) await activation('fast', i, i * 10, { cold: i === 1, statusCode: i > 8 ? 1 : 0 });
  // "slow": 2 activations 3 hours ago.
  await activation('slow', 180, 1000, { cold: true });
  await activation('slow', 181, 3000);
  await activation('seq', 5, 500, { kind: 'sequence' });
  await activation('trigger', 5, 0, { type: 'trigger' });
  await activation('fast', 60 * 24 * 2, 10);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('activation stats', () => {
  it('aggregates the last hour per minute, with percentiles and cold starts', async () => {
    const stats = await activationStats(db, caller, { range: '1h', now: NOW });
    expect(stats.totals).toEqual({ invocations: 11, errors: 2, p50: 60, p95: 300, cold: 1, warm: 9 });
    expect(stats.buckets.length).toBeGreaterThanOrEqual(60);
    expect(stats.buckets.every((b, i) => i === 0 || b.time - stats.buckets[i - 1]!.time === 60_000)).toBe(true);
    const busy = stats.buckets.filter((b) => b.invocations > 0);
    expect(busy.reduce((sum, b) => sum + b.invocations, 0)).toBe(11);
    expect(busy.find((b) => b.time === NOW - 60_000)?.p50).toBe(10);
    expect(stats.actions.map((a) => a.path)).toEqual(['fast', 'seq']);
    expect(stats.actions[0]).toMatchObject({ invocations: 10, errors: 2, cold: 1, warm: 9 });
    expect(stats.actions[1]).toMatchObject({ invocations: 1, cold: 0, warm: 0 });
  });

  it('uses hour buckets over a day and can narrow to one action', async () => {
    const day = await activationStats(db, caller, { range: '24h', now: NOW });
    expect(day.totals.invocations).toBe(13);
    expect(day.buckets.filter((b) => b.invocations > 0).map((b) => b.invocations)).toEqual([2, 11]);
    const slow = await activationStats(db, caller, { range: '24h', path: 'slow', now: NOW });
    expect(slow.totals).toMatchObject({ invocations: 2, p50: 2000, cold: 1, warm: 1 });
    const month = await activationStats(db, caller, { range: '30d', now: NOW });
    expect(month.totals.invocations).toBe(14);
    expect(month.bucketMs).toBe(86_400_000);
  });
});
