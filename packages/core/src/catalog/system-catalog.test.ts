// The /whisk.system catalog against a real database: the first start deploys
// it published, a second start (or two side by side) changes nothing, and
// every action keeps its version.
import { createDb, type Db } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_NAMESPACE, seedSystemCatalog } from './system-catalog.ts';

let database: TestDatabase;
let db: Db;
let redis: Redis;
const redisPrefix = newRedisPrefix();

beforeAll(async () => {
  database = await createTestDatabase('catalog');
  db = createDb(database.url, { poolSize: 4 });
  redis = new Redis(TEST_REDIS_URL);
});

afterAll(async () => {
  redis?.disconnect();
  await deleteRedisPrefix(redisPrefix);
  await db?.$disconnect();
  await database?.drop();
});

const systemActions = () =>
  db.action.findMany({
    where: { namespace: { name: SYSTEM_NAMESPACE } },
    select: { packageName: true, name: true, version: true },
    orderBy: [{ packageName: 'asc' }, { name: 'asc' }],
  });

describe('the system catalog', () => {
  it('is deployed published on the first start, and left as it is by the next ones', async () => {
    const first = await seedSystemCatalog({ db, redis, redisPrefix });
    expect(first.changed.length).toBeGreaterThan(0);
    const actions = await systemActions();
    expect(actions.map((action) => `${action.packageName}/${action.name}`)).toEqual([
      'alarms/alarm',
      'alarms/interval',
      'alarms/once',
      'samples/greeting',
      'samples/helloWorld',
      'samples/wordCount',
      'utils/cat',
      'utils/date',
      'utils/echo',
      'utils/head',
      'utils/hosturl',
      'utils/namespace',
      'utils/smash',
      'utils/sort',
      'utils/split',
    ]);
    const packages = await db.package.findMany({ where: { namespace: { name: SYSTEM_NAMESPACE } }, select: { name: true, publish: true } });
    expect(packages.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'alarms', publish: true },
      { name: 'samples', publish: true },
      { name: 'utils', publish: true },
    ]);

    // Two workers starting at once: both finish, neither changes anything.
    const [again, alongside] = await Promise.all([seedSystemCatalog({ db, redis, redisPrefix }), seedSystemCatalog({ db, redis, redisPrefix })]);
    expect(again).toEqual({ version: first.version, changed: [] });
    expect(alongside.changed).toEqual([]);
    expect(await systemActions()).toEqual(actions);
  });
});
