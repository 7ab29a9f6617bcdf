// A project's deployment history against a real database: the newest
// succeeded deployments keep the project a rollback restores, the newest
// records stay, and another project's history is not touched.
import { createDb, type Db } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_RECORDS, KEEP_SPECS, pruneDeploymentHistory } from './deployment-retention.ts';

let database: TestDatabase;
let db: Db;
let namespaceId: string;

beforeAll(async () => {
  database = await createTestDatabase('deploy_retention');
  db = createDb(database.url, { poolSize: 2 });
  namespaceId = (await db.namespace.create({ data: { name: 'history' } })).id;
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** `count` deployments of a project, the first made `startMinute` minutes after a fixed time, one a minute. */
async function deployments(project: string, count: number, startMinute: number, status: string) {
  await db.deployment.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      namespaceId,
      project,
      cause: 'push',
      status,
      logs: ['a line'],
      createdAt: new Date(Date.UTC(2026, 11, 1) + (startMinute + i) * 60_000),
      ...(status === 'succeeded' ? { spec: { name: project, n: startMinute + i } } : {}),
    })),
  });
}

describe('deployment history', () => {
  it('keeps the projects of the newest succeeded deployments and the newest records', async () => {
    // Oldest first: 25 succeeded, then 500 failed, so the succeeded ones are past the record bound.
    await deployments('shop', KEEP_SPECS + 5, 0, 'succeeded');
    await deployments('shop', KEEP_RECORDS, 100, 'failed');
    await deployments('other', 30, 0, 'succeeded');

    expect(await pruneDeploymentHistory(db, namespaceId, 'shop')).toEqual({ specsDropped: 5, recordsDeleted: 5 });

    const succeeded = await db.deployment.findMany({ where: { namespaceId, project: 'shop', status: 'succeeded' }, orderBy: { createdAt: 'asc' } });
    // The five oldest went (no project to restore, past the newest 500); the newest 20 stay, project and all.
    expect(succeeded).toHaveLength(KEEP_SPECS);
    expect(succeeded.map((row) => (row.spec as { n: number }).n)).toEqual(Array.from({ length: KEEP_SPECS }, (_, i) => i + 5));
    expect(await db.deployment.count({ where: { namespaceId, project: 'shop', status: 'failed' } })).toBe(KEEP_RECORDS);
    const other = await db.deployment.findMany({ where: { namespaceId, project: 'other' }, select: { spec: true } });
    expect(other.filter((row) => row.spec !== null)).toHaveLength(30);

    // A second run has nothing left to do.
    expect(await pruneDeploymentHistory(db, namespaceId, 'shop')).toEqual({ specsDropped: 0, recordsDeleted: 0 });
  });

  it('drops old projects but keeps their records while they are among the newest', async () => {
    await deployments('small', KEEP_SPECS + 3, 0, 'succeeded');
    expect(await pruneDeploymentHistory(db, namespaceId, 'small')).toEqual({ specsDropped: 3, recordsDeleted: 0 });
    const rows = await db.deployment.findMany({ where: { namespaceId, project: 'small' }, orderBy: { createdAt: 'asc' }, select: { spec: true } });
    expect(rows).toHaveLength(KEEP_SPECS + 3);
    expect(rows.map((row) => row.spec !== null)).toEqual([...Array(3).fill(false), ...Array(KEEP_SPECS).fill(true)]);
  });
});
