// Retention against a real database: records past their namespace's window
// go, in batches, and the rest stay; a namespace's own window wins.
import { createDb, type Db } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredActivations } from './activation-retention.ts';

let database: TestDatabase;
let db: Db;
const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 2, 12);

beforeAll(async () => {
  database = await createTestDatabase('retention');
  db = createDb(database.url, { poolSize: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** `count` records of a namespace, `daysAgo` days before `now`. */
async function records(namespaceId: string, daysAgo: number, count: number, tag: string): Promise<void> {
  await db.activation.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      activationId: `${tag}${String(i).padStart(32 - tag.length, '0')}`,
      namespaceId,
      name: 'a',
      path: 'a',
      version: '0.0.1',
      subject: 's',
      start: new Date(now - daysAgo * DAY),
      statusCode: 0,
      success: true,
    })),
  });
}

describe('activation retention', () => {
  it('removes records past the window in batches, keeps the rest, and honours a namespace’s own window', async () => {
    const standard = await db.namespace.create({ data: { name: 'standard' } });
    const brief = await db.namespace.create({ data: { name: 'brief', activationRetentionDays: 1 } });
    await records(standard.id, 8, 25, 'a');
    await records(standard.id, 6, 5, 'b');
    await records(brief.id, 2, 7, 'c');
    await records(brief.id, 0.5, 3, 'd');

    // Batches of 10: the 25 old ones take three.
    expect(await purgeExpiredActivations(db, { defaultDays: 7, now, batchSize: 10 })).toBe(32);
    const left = await db.activation.groupBy({ by: ['namespaceId'], _count: true });
    expect(Object.fromEntries(left.map((group) => [group.namespaceId, group._count]))).toEqual({ [standard.id]: 5, [brief.id]: 3 });
    expect(await purgeExpiredActivations(db, { defaultDays: 7, now, batchSize: 10 })).toBe(0);
  });
});
