// Versions, what each changed, rollback, and test payloads, against a real database.
import { createDb, type Db } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActionVersion, listActionVersions, rollbackAction } from './action-history.ts';
import { getAction, putAction } from './actions.ts';
import { BriskError } from './errors.ts';
import type { Caller } from './namespaces.ts';
import { testPayloadsOf } from './test-payload-schema.ts';
import { deleteTestPayload, saveTestPayload } from './test-payloads.ts';

let database: TestDatabase;
let db: Db;
let caller: Caller;
let stranger: Caller;
const path = { packageName: '', name: 'greet' };

beforeAll(async () => {
  database = await createTestDatabase('history');
  db = createDb(database.url, { poolSize: 2 });
  const ns = await db.namespace.create({ data: { name: 'guest' } });
  const other = await db.namespace.create({ data: { name: 'other' } });
  caller = { namespaceId: ns.id, namespace: 'guest', subject: 'guest' };
  stranger = { namespaceId: other.id, namespace: 'other', subject: 'other' };
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('action history', () => {
  it('lists versions newest first with what each one changed', async () => {
    await putAction(db, caller, path, { exec: { kind: 'nodejs:default', code: 'function main() { return { v: 1 } }' } }, { overwrite: false });
    await putAction(db, caller, path, { exec: { kind: 'nodejs:default', code: 'function main() { return { v: 2 } }' } }, { overwrite: true });
    await putAction(db, caller, path, { limits: { timeout: 5000 }, parameters: [{ key: 'name', value: 'x' }] }, { overwrite: true });
    await saveTestPayload(db, caller, path, { name: 'basic', payload: { name: 'Ada' } });

    const versions = await listActionVersions(db, caller, path);
    expect(versions.map((v) => v.version)).toEqual(['0.0.4', '0.0.3', '0.0.2', '0.0.1']);
    expect(versions.map((v) => v.changed)).toEqual([['test payloads'], ['parameters', 'limits'], ['code'], []]);
    expect(versions[0]!.kind).toBe('nodejs:22');
  });

  it('reads any version with its code', async () => {
    const first = await getActionVersion(db, caller, path, '0.0.1');
    expect(first.exec.code).toContain('v: 1');
    expect(first.limits.timeout).toBe(60_000);
    await expect(getActionVersion(db, caller, path, '9.9.9')).rejects.toThrow(/no version 9\.9\.9/);
    await expect(getActionVersion(db, stranger, path, '0.0.1')).rejects.toBeInstanceOf(BriskError);
  });

  it('rolls back by saving the old state as a new version, keeping test payloads', async () => {
    const rolled = await rollbackAction(db, caller, path, '0.0.1');
    expect(rolled.version).toBe('0.0.5');
    expect(rolled.exec.code).toContain('v: 1');
    expect(rolled.limits.timeout).toBe(60_000);
    expect(rolled.parameters).toEqual([]);
    expect(testPayloadsOf(rolled.annotations)).toEqual([{ name: 'basic', payload: { name: 'Ada' } }]);
    const versions = await listActionVersions(db, caller, path);
    expect(versions).toHaveLength(5);
    expect(versions[0]!.changed).toEqual(['code', 'parameters', 'limits']);
  });

  it('keeps named test payloads in an annotation', async () => {
    await saveTestPayload(db, caller, path, { name: 'another', payload: { n: 1 } });
    await saveTestPayload(db, caller, path, { name: 'basic', payload: { name: 'Grace' } });
    let action = await getAction(db, caller, path);
    expect(testPayloadsOf(action.annotations)).toEqual([
      { name: 'another', payload: { n: 1 } },
      { name: 'basic', payload: { name: 'Grace' } },
    ]);
    action = await deleteTestPayload(db, caller, path, 'another');
    expect(testPayloadsOf(action.annotations).map((p) => p.name)).toEqual(['basic']);
    await expect(deleteTestPayload(db, caller, path, 'missing')).rejects.toThrow(/no test payload named "missing"/);
  });
});
