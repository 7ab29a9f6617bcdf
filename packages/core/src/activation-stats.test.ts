// The dashboard's numbers from the rollups against a real database, checked
// against the raw records' aggregates (rawActivationStats): counts exact,
// percentiles within the rollups' stated bound; namespaces apart; records
// past their retention still counted; the rollups' own retention.
import { createDb, type Db } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { seededRandom } from '@brisk/testing/seeded-random';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivationRecord } from './activation-record.ts';
import { purgeExpiredActivations } from './activation-retention.ts';
import { PERCENTILE_RELATIVE_ERROR, purgeExpiredRollups } from './activation-rollups.ts';
import { type ActivationStats, type Aggregate, activationStats, STATS_RANGES, type StatsRange } from './activation-stats.ts';
import { rawActivationStats } from './activation-stats-raw.ts';
import { RecordWriter } from './activation/record-writer.ts';
import type { Caller } from './namespaces.ts';

let database: TestDatabase;
let db: Db;
let caller: Caller;
const NOW = Date.UTC(2026, 5, 1, 12, 30, 0);
const MINUTE = 60_000;
const DAY = 86_400_000;
const RANGES = Object.keys(STATS_RANGES) as StatsRange[];
let counter = 0;

async function activation(
  namespace: Caller,
  path: string,
  start: number,
  duration: number | null,
  options: { statusCode?: number; cold?: boolean; kind?: string; type?: string } = {},
) {
  const annotations: object[] = [{ key: 'kind', value: options.kind ?? 'nodejs:18' }];
  if (options.cold) annotations.push({ key: 'initTime', value: 40 });
  await db.activation.create({
    data: {
      activationId: (++counter).toString(16).padStart(32, '0'),
      namespaceId: namespace.namespaceId,
      entityType: options.type ?? 'action',
      name: path,
      path,
      version: '0.0.1',
      subject: 'guest',
      start: new Date(start),
      end: duration === null ? null : new Date(start + duration),
      duration,
      statusCode: options.statusCode ?? 0,
      success: (options.statusCode ?? 0) === 0,
      logs: [],
      annotations,
    },
  });
}

async function namespace(name: string): Promise<Caller> {
  const ns = await db.namespace.create({ data: { name } });
  return { namespaceId: ns.id, namespace: name, subject: name };
}

function expectPercentileClose(estimate: number | null, exact: number | null) {
  if (exact === null) {
    expect(estimate).toBeNull();
    return;
  }
  expect(estimate).not.toBeNull();
  // Both are rounded to whole milliseconds, hence the 1.5.
  expect(Math.abs(estimate! - exact)).toBeLessThanOrEqual(PERCENTILE_RELATIVE_ERROR * exact + 1.5);
}

function expectAggregateClose(rollup: Aggregate, raw: Aggregate) {
  const counts = ({ invocations, errors, cold, warm }: Aggregate) => ({ invocations, errors, cold, warm });
  expect(counts(rollup)).toEqual(counts(raw));
  expectPercentileClose(rollup.p50, raw.p50);
  expectPercentileClose(rollup.p95, raw.p95);
}

/** The rollups' answer equals the raw records' (counts exactly, percentiles within the bound). */
async function expectSameAsRaw(who: Caller, range: StatsRange, options: { path?: string; now?: number } = {}): Promise<ActivationStats> {
  const query = { range, now: NOW, ...options };
  const [rollup, raw] = await Promise.all([activationStats(db, who, query), rawActivationStats(db, who, query)]);
  expect({ ...rollup, totals: null, buckets: rollup.buckets.length, actions: rollup.actions.map((a) => a.path) }).toEqual({
    ...raw,
    totals: null,
    buckets: raw.buckets.length,
    actions: raw.actions.map((a) => a.path),
  });
  expectAggregateClose(rollup.totals, raw.totals);
  rollup.buckets.forEach((bucket, i) => {
    expect(bucket.time).toBe(raw.buckets[i]!.time);
    expectAggregateClose(bucket, raw.buckets[i]!);
  });
  rollup.actions.forEach((action, i) => {
    expectAggregateClose(action, raw.actions[i]!);
  });
  return rollup;
}

beforeAll(async () => {
  database = await createTestDatabase('stats');
  db = createDb(database.url, { poolSize: 4 });
  caller = await namespace('guest');
  // "fast": 10 activations of 10..100 ms, one cold, two failed, in the last 10 minutes.
  for (let i = 1; i <= 10; i++) await activation(caller, 'fast', NOW - i * MINUTE, i * 10, { cold: i === 1, statusCode: i > 8 ? 1 : 0 });
  // "slow": 2 activations 3 hours ago.
  await activation(caller, 'slow', NOW - 180 * MINUTE, 1000, { cold: true });
  await activation(caller, 'slow', NOW - 181 * MINUTE, 3000);
  await activation(caller, 'seq', NOW - 5 * MINUTE, 500, { kind: 'sequence' });
  await activation(caller, 'trigger', NOW - 5 * MINUTE, 0, { type: 'trigger' });
  await activation(caller, 'fast', NOW - 2 * DAY, 10);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('activation stats from rollups', () => {
  it('aggregates the last hour per minute, with percentiles and cold starts (sequences neither cold nor warm, triggers not at all)', async () => {
    const stats = await expectSameAsRaw(caller, '1h');
    expect({ ...stats.totals, p50: null, p95: null }).toEqual({ invocations: 11, errors: 2, p50: null, p95: null, cold: 1, warm: 9 });
    expect(stats.buckets.length).toBe(61);
    expect(stats.buckets.every((b, i) => i === 0 || b.time - stats.buckets[i - 1]!.time === MINUTE)).toBe(true);
    // A bucket of one 10 ms activation: small durations are exact.
    expect(stats.buckets.find((b) => b.time === NOW - MINUTE)?.p50).toBe(10);
    expect(stats.actions.map((a) => a.path)).toEqual(['fast', 'seq']);
    expect(stats.actions[0]).toMatchObject({ invocations: 10, errors: 2, cold: 1, warm: 9 });
    expect(stats.actions[1]).toMatchObject({ invocations: 1, cold: 0, warm: 0 });
  });

  it('uses hour buckets over a day and day buckets over a month, and can narrow to one action', async () => {
    const day = await expectSameAsRaw(caller, '24h');
    expect(day.totals.invocations).toBe(13);
    expect(day.buckets.filter((b) => b.invocations > 0).map((b) => b.invocations)).toEqual([2, 11]);
    const slow = await expectSameAsRaw(caller, '24h', { path: 'slow' });
    expect(slow.totals).toMatchObject({ invocations: 2, cold: 1, warm: 1 });
    const month = await expectSameAsRaw(caller, '30d');
    expect(month.totals.invocations).toBe(14);
    expect(month.bucketMs).toBe(DAY);
    await expectSameAsRaw(caller, '7d', { path: 'fast' });
  });

  it('equals the raw aggregates for records written by the record writer across bucket boundaries, the top 20 of 25 actions, and namespaces apart', async () => {
    const busy = await namespace('busy');
    const quiet = await namespace('quiet');
    const writer = RecordWriter.connect(database.url);
    const random = seededRandom(7);
    const saves: Promise<void>[] = [];
    const records: [string, ActivationRecord][] = [];
    // Action i has i + 1 activations (no ties in the top 20), spread over 30 days
    // but not in the first hour of any range (the 7d and 30d ranges start at a whole hour).
    for (let i = 0; i < 25; i++) {
      for (let n = 0; n <= i; n++) {
        let start = NOW - 1_000 - Math.floor(random() * (30 * DAY - 2 * 3_600_000));
        for (const range of ['7d', '30d'] as const)
          if (start >= NOW - STATS_RANGES[range].ms && start < NOW - STATS_RANGES[range].ms + 3_600_000) start += 3_600_000;
        const duration = Math.floor(Math.exp(random() * 10));
        const cold = random() < 0.2;
        const annotations = [{ key: 'kind', value: 'nodejs:20' }, ...(cold ? [{ key: 'initTime', value: 30 }] : [])];
        const statusCode = random() < 0.1 ? 2 : 0;
        records.push([
          `a${i}`,
          {
            namespace: 'busy',
            name: `a${i}`,
            version: '0.0.1',
            subject: 'busy',
            activationId: (++counter).toString(16).padStart(32, '0'),
            start,
            end: start + duration,
            duration,
            statusCode,
            response: { status: statusCode ? 'action developer error' : 'success', statusCode, success: statusCode === 0, result: {} },
            logs: [],
            annotations,
            publish: false,
          },
        ]);
      }
    }
    for (const [path, record] of records) saves.push(writer.save(busy.namespaceId, { type: 'action', path }, record));
    await Promise.all(saves);
    // Records either side of midnight and of an hour, and one without a duration.
    const midnight = Date.UTC(2026, 4, 30);
    await activation(busy, 'a0', midnight - 1, 5);
    await activation(busy, 'a0', midnight, 7);
    await activation(busy, 'a0', midnight + 3_600_000 - 1, 9);
    await activation(busy, 'a1', NOW - 3 * MINUTE, null, { statusCode: 3 });
    await activation(quiet, 'a0', NOW - 3 * MINUTE, 4000, { statusCode: 1 });
    // A retried batch (ON CONFLICT DO NOTHING) is not counted twice.
    await Promise.all(records.slice(0, 40).map(([path, record]) => writer.save(busy.namespaceId, { type: 'action', path }, record)));
    await writer.close();

    for (const range of RANGES) await expectSameAsRaw(busy, range);
    const month = await expectSameAsRaw(busy, '30d');
    expect(month.totals.invocations).toBe(325 + 4);
    expect(month.actions.length).toBe(20);
    expect(month.actions[0]).toMatchObject({ path: 'a24', invocations: 25 });
    await expectSameAsRaw(busy, '7d', { path: 'a0' });
    await expectSameAsRaw(busy, '24h', { path: 'a1' });
    // The quiet namespace sees only its own one activation, and neither sees the guest's.
    const quietStats = await expectSameAsRaw(quiet, '1h');
    expect(quietStats.totals).toMatchObject({ invocations: 1, errors: 1, cold: 0, warm: 1 });
    expectPercentileClose(quietStats.totals.p95, 4000);
    expect((await activationStats(db, quiet, { range: '30d', now: NOW })).actions.map((a) => a.path)).toEqual(['a0']);
  });

  it('still counts records removed by retention, and trims the rollups by their own retention', async () => {
    const kept = await namespace('kept');
    for (let days = 0; days < 10; days++) await activation(kept, 'job', NOW - days * DAY - 10 * MINUTE, 100 + days);
    const before = await activationStats(db, kept, { range: '30d', now: NOW });
    expect(before.totals.invocations).toBe(10);

    // Records older than 7 days go; the dashboard still shows them.
    await purgeExpiredActivations(db, { defaultDays: 7, now: NOW });
    expect(await db.activation.count({ where: { namespaceId: kept.namespaceId } })).toBe(7);
    expect(await activationStats(db, kept, { range: '30d', now: NOW })).toEqual(before);

    // Minutes are kept 2 days, hours and days 32: the month survives, minute rows of 3 days ago do not.
    const rows = (granularity: string) => db.activationRollup.count({ where: { namespaceId: kept.namespaceId, granularity } });
    expect(await rows('minute')).toBe(10);
    await purgeExpiredRollups(db, { now: NOW });
    expect(await rows('minute')).toBe(2);
    expect(await rows('hour')).toBe(10);
    expect(await activationStats(db, kept, { range: '30d', now: NOW })).toEqual(before);
    expect((await activationStats(db, kept, { range: '24h', now: NOW })).totals.invocations).toBe(1);

    // 40 days on, nothing is left of them.
    await purgeExpiredRollups(db, { now: NOW + 40 * DAY });
    expect(await db.activationRollup.count({ where: { namespaceId: kept.namespaceId } })).toBe(0);
  });
});
