// The admin services against a real Postgres and Redis: names checked as the
// API checks them, a deleted namespace takes everything with it (and its
// alarms' schedules) and nothing of another's, keys revoked and rotated,
// limits validated before anything is written, the operator token, and the
// notice that makes replicas forget a namespace at once.
import { createDb, type Db } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKey } from '../auth.ts';
import { type AlarmQueue, alarmIsScheduled, openAlarmQueue, scheduleAlarm } from '../feeds/alarm-schedules.ts';
import { Authenticator, createNamespaceKey, seedGuestNamespace } from '../namespaces.ts';
import { namespaceLimits } from '../throttles.ts';
import {
  type AdminDeps,
  assertAdminToken,
  createKey,
  createNamespace,
  deleteNamespace,
  getLimits,
  listKeys,
  listNamespaces,
  revokeKey,
  rotateKey,
  setLimits,
  watchNamespaceChanges,
} from './index.ts';

let database: TestDatabase;
let db: Db;
let redis: Redis;
let subscriber: Redis;
let alarmQueue: AlarmQueue;
let deps: AdminDeps;
const prefix = newRedisPrefix();

beforeAll(async () => {
  database = await createTestDatabase('admin');
  db = createDb(database.url, { poolSize: 3 });
  redis = new Redis(TEST_REDIS_URL);
  subscriber = new Redis(TEST_REDIS_URL);
  alarmQueue = openAlarmQueue(redis, prefix);
  deps = { db, redis, redisPrefix: prefix, alarmQueue };
  await seedGuestNamespace(db);
});

afterAll(async () => {
  await alarmQueue?.close();
  redis?.disconnect();
  subscriber?.disconnect();
  await db?.$disconnect();
  await database?.drop();
  await deleteRedisPrefix(prefix);
});

const expectError = async (work: Promise<unknown>, kind: string, message: RegExp) => {
  await expect(work).rejects.toMatchObject({ name: 'BriskError', kind, message: expect.stringMatching(message) });
};

describe('namespaces', () => {
  it('are created with a first key that authenticates, and listed', async () => {
    const created = await createNamespace(db, 'acme');
    expect(created.key).toMatch(/^[0-9a-f-]{36}:[A-Za-z0-9]{64}$/);
    expect(created.key.startsWith(`${created.uuid}:`)).toBe(true);
    const caller = await new Authenticator(db).authenticate(parseApiKey(created.key));
    expect(caller.namespace).toBe('acme');
    expect(await listNamespaces(db)).toContainEqual({ name: 'acme', createdAt: expect.any(String), keys: 1, ownLimits: false });
  });

  it("refuse names the API refuses, '_', and a name taken, writing nothing", async () => {
    const before = await db.namespace.count();
    await expectError(createNamespace(db, ''), 'bad-request', /empty/);
    await expectError(createNamespace(db, 'a/b'), 'bad-request', /"a\/b" is not valid/);
    await expectError(createNamespace(db, ' lead'), 'bad-request', /not valid/);
    await expectError(createNamespace(db, 'x'.repeat(257)), 'bad-request', /257 characters long; the limit is 256/);
    await expectError(createNamespace(db, '_'), 'bad-request', /caller's own namespace/);
    await expectError(createNamespace(db, 'acme'), 'conflict', /"acme" already exists/);
    expect(await db.namespace.count()).toBe(before);
    // Names with inner spaces and '@' are fine, as for any entity.
    expect((await createNamespace(db, 'team @ home.dev')).namespace).toBe('team @ home.dev');
  });

  it('delete everything of the namespace, stop its alarms, and leave other namespaces alone', async () => {
    const { namespace } = await createNamespace(db, 'doomed');
    const ns = await db.namespace.findUniqueOrThrow({ where: { name: namespace } });
    const keep = await db.namespace.findUniqueOrThrow({ where: { name: 'acme' } });
    for (const id of [ns.id, keep.id]) {
      const pkg = await db.package.create({ data: { namespaceId: id, name: 'pkg' } });
      await db.action.create({
        data: {
          namespaceId: id,
          packageName: 'pkg',
          packageId: pkg.id,
          name: 'act',
          kind: 'nodejs:18',
          versions: { create: { version: '0.0.1', kind: 'nodejs:18', timeoutMs: 1000, memoryMb: 128, logsMb: 1, concurrency: 1 } },
        },
      });
      await db.action.create({ data: { namespaceId: id, name: 'top', kind: 'nodejs:18' } });
      await db.rule.create({ data: { namespaceId: id, name: 'r', trigger: '/x/t', action: '/x/top' } });
      const source = await db.source.create({ data: { namespaceId: id, name: 's', repository: 'https://example.com/r.git', webhookSecretSealed: 'x' } });
      await db.deployment.create({ data: { namespaceId: id, sourceId: source.id, project: 'p', cause: 'push' } });
      await db.apiRoute.create({ data: { namespaceId: id, basePath: '/b', relPath: '/r', method: 'GET', action: '/x/top', apiName: 'b' } });
      await db.activation.createMany({
        data: Array.from({ length: 3 }, (_, i) => ({
          activationId: `${id.replaceAll('-', '').slice(0, 31)}${i}`,
          namespaceId: id,
          name: 'top',
          path: 'top',
          version: '0.0.1',
          subject: 's',
          start: new Date(),
          statusCode: 0,
          success: true,
        })),
      });
    }
    const config = { kind: 'cron' as const, cron: '0 0 1 1 *', payload: {} };
    const trigger = await db.trigger.create({ data: { namespaceId: ns.id, name: 't', feed: { create: { feed: '/whisk.system/alarms/alarm', config } } } });
    await scheduleAlarm(alarmQueue, trigger.id, config);
    expect(await alarmIsScheduled(alarmQueue, trigger.id, config)).toBe(true);
    await createKey(db, namespace);

    const answer = await deleteNamespace(deps, namespace);
    expect(answer).toEqual({
      namespace: 'doomed',
      deleted: { keys: 2, actions: 2, packages: 1, triggers: 1, rules: 1, activations: 3 },
      notified: true,
    });
    expect(await db.namespace.findUnique({ where: { name: namespace } })).toBeNull();
    const where = { namespaceId: ns.id };
    const left = await Promise.all([
      db.action.count({ where }),
      db.package.count({ where }),
      db.trigger.count({ where }),
      db.rule.count({ where }),
      db.activation.count({ where }),
      db.apiKey.count({ where }),
      db.source.count({ where }),
      db.deployment.count({ where }),
      db.apiRoute.count({ where }),
    ]);
    expect(left).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await db.actionVersion.count({ where: { action: { namespaceId: ns.id } } })).toBe(0);
    expect(await alarmIsScheduled(alarmQueue, trigger.id, config)).toBe(false);
    // The other namespace still has all of its own.
    expect(await db.action.count({ where: { namespaceId: keep.id } })).toBe(2);
    expect(await db.activation.count({ where: { namespaceId: keep.id } })).toBe(3);
    expect(await db.deployment.count({ where: { namespaceId: keep.id } })).toBe(1);

    await expectError(deleteNamespace(deps, namespace), 'not-found', /no namespace "doomed"/);
  });

  it('refuse to delete whisk.system and guest', async () => {
    await db.namespace.create({ data: { name: 'whisk.system' } });
    await expectError(deleteNamespace(deps, 'whisk.system'), 'forbidden', /platform's catalog/);
    await expectError(deleteNamespace(deps, 'guest'), 'forbidden', /development namespace/);
    expect(await db.namespace.count({ where: { name: { in: ['whisk.system', 'guest'] } } })).toBe(2);
    // Nobody gets a key of the catalog either.
    await expectError(createKey(db, 'whisk.system'), 'forbidden', /nobody gets a key/);
  });
});

describe('keys', () => {
  it('are added, listed and revoked; unknown ones are 404 and non-uuids 400', async () => {
    const { key, uuid } = await createKey(db, 'acme');
    expect((await listKeys(db, 'acme')).map((entry) => entry.uuid)).toContain(uuid);
    await expectError(createKey(db, 'nobody'), 'not-found', /no namespace "nobody"/);
    await expectError(listKeys(db, 'nobody'), 'not-found', /no namespace "nobody"/);
    await expectError(revokeKey(deps, 'not-a-uuid'), 'bad-request', /is not a key id/);
    await expectError(revokeKey(deps, '00000000-0000-4000-8000-000000000000'), 'not-found', /no key/);
    // The whole uuid:secret is taken too (what .wskprops holds).
    expect(await revokeKey(deps, key)).toEqual({ uuid, namespace: 'acme', notified: true });
    expect((await listKeys(db, 'acme')).map((entry) => entry.uuid)).not.toContain(uuid);
  });

  it("of another namespace cannot be revoked from a namespace's own settings", async () => {
    const other = parseApiKey(await createNamespaceKey(db, 'guest'))!;
    const acme = await db.namespace.findUniqueOrThrow({ where: { name: 'acme' } });
    await expectError(revokeKey(deps, other.uuid, { namespaceId: acme.id }), 'not-found', /no key/);
    expect(await db.apiKey.count({ where: { uuid: other.uuid } })).toBe(1);
  });

  it('rotate in one step: the old key is gone exactly when the new one exists', async () => {
    const acme = await db.namespace.findUniqueOrThrow({ where: { name: 'acme' } });
    const old = await createKey(db, 'acme');
    const rotated = await rotateKey(deps, acme.id, old.uuid);
    expect(rotated).toMatchObject({ namespace: 'acme', revoked: old.uuid, notified: true });
    const auth = new Authenticator(db);
    await expect(auth.authenticate(parseApiKey(old.key))).rejects.toMatchObject({ kind: 'unauthorized' });
    expect((await auth.authenticate(parseApiKey(rotated.key))).namespace).toBe('acme');
    // A key of another namespace (or none) is not rotated, and no key is made.
    const count = await db.apiKey.count();
    const guestKey = parseApiKey(await createNamespaceKey(db, 'guest'))!;
    await expectError(rotateKey(deps, acme.id, guestKey.uuid), 'not-found', /no key/);
    expect(await db.apiKey.count()).toBe(count + 1);
  });
});

describe('limits', () => {
  it('are the defaults until set, and "null" puts one back', async () => {
    const fresh = await getLimits(db, 'acme');
    expect(fresh.own).toEqual({ invocationsPerMinute: null, concurrentInvocations: null, firesPerMinute: null, activationRetentionDays: null });
    expect(fresh.effective).toEqual(fresh.defaults);
    const set = await setLimits(deps, 'acme', { invocationsPerMinute: 2, concurrentInvocations: 0 });
    expect(set.effective).toMatchObject({ invocationsPerMinute: 2, concurrentInvocations: 0, firesPerMinute: fresh.defaults.firesPerMinute });
    expect(set.own).toMatchObject({ invocationsPerMinute: 2, concurrentInvocations: 0, firesPerMinute: null });
    const reset = await setLimits(deps, 'acme', { concurrentInvocations: null });
    expect(reset.own).toMatchObject({ invocationsPerMinute: 2, concurrentInvocations: null });
    expect(reset.effective.concurrentInvocations).toBe(fresh.defaults.concurrentInvocations);
    // The throttles read the new values at once in this process (its cache was dropped).
    const acme = await db.namespace.findUniqueOrThrow({ where: { name: 'acme' } });
    expect((await namespaceLimits(db, acme.id)).invocationsPerMinute).toBe(2);
    await setLimits(deps, 'acme', { invocationsPerMinute: 5 });
    expect((await namespaceLimits(db, acme.id)).invocationsPerMinute).toBe(5);
  });

  it('refuse bad values with 400 naming them, writing nothing', async () => {
    const before = await getLimits(db, 'acme');
    await expectError(setLimits(deps, 'acme', { invocationsPerMinute: -1 }), 'bad-request', /invocationsPerMinute/);
    await expectError(setLimits(deps, 'acme', { firesPerMinute: 1.5, concurrentInvocations: 3 }), 'bad-request', /firesPerMinute/);
    await expectError(setLimits(deps, 'acme', { concurrentInvocations: 2 ** 31 }), 'bad-request', /concurrentInvocations/);
    await expectError(setLimits(deps, 'acme', { activationRetentionDays: 0 }), 'bad-request', /activationRetentionDays/);
    await expectError(setLimits(deps, 'acme', { memory: 3 }), 'bad-request', /memory/);
    await expectError(setLimits(deps, 'acme', { invocationsPerMinute: '3' }), 'bad-request', /invocationsPerMinute/);
    await expectError(setLimits(deps, 'acme', {}), 'bad-request', /at least one limit/);
    await expectError(setLimits(deps, 'acme', []), 'bad-request', /not valid/);
    await expectError(setLimits(deps, 'nobody', { invocationsPerMinute: 3 }), 'not-found', /no namespace "nobody"/);
    expect(await getLimits(db, 'acme')).toEqual(before);
  });
});

describe('the operator token', () => {
  const TOKEN = 'a-long-operator-token-0123456789';
  it('is required when configured, and the admin API is disabled without one', () => {
    expect(() => assertAdminToken(`Bearer ${TOKEN}`, undefined)).toThrow(/admin API is disabled/);
    expect(() => assertAdminToken(undefined, TOKEN)).toThrow(/needs the operator token/);
    expect(() => assertAdminToken(`Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, TOKEN)).toThrow(/needs the operator token/);
    expect(() => assertAdminToken(`Bearer ${TOKEN}x`, TOKEN)).toThrow(/not valid/);
    expect(() => assertAdminToken('Bearer short', TOKEN)).toThrow(/not valid/);
    expect(() => assertAdminToken(`Bearer ${TOKEN}`, TOKEN)).not.toThrow();
    expect(() => assertAdminToken(`bearer   ${TOKEN}`, TOKEN)).not.toThrow();
  });
});

describe('the namespace notice', () => {
  it('makes a replica forget the good keys of a namespace whose key was revoked, at once', async () => {
    const auth = new Authenticator(db, 60_000);
    const heard: string[] = [];
    await watchNamespaceChanges(subscriber, prefix, (namespaceId) => {
      heard.push(namespaceId);
      auth.forget(namespaceId);
    });
    const { key } = await createKey(db, 'acme');
    const caller = await auth.authenticate(parseApiKey(key));
    // Gone from Postgres behind the cache's back: the cache still answers...
    await db.apiKey.delete({ where: { uuid: parseApiKey(key)!.uuid } });
    expect((await auth.authenticate(parseApiKey(key))).namespace).toBe('acme');
    // ...until a revocation's notice arrives.
    const other = await createKey(db, 'acme');
    await revokeKey(deps, other.uuid);
    await expect.poll(() => heard).toContain(caller.namespaceId);
    await expect(auth.authenticate(parseApiKey(key))).rejects.toMatchObject({ kind: 'unauthorized' });
  });
});
