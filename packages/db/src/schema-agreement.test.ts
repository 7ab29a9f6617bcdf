// The hand-written migrations and schema.prisma must describe the same
// database: every model is written and read back through the generated
// client against a database built only from the migrations.
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from './index.ts';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase('schema');
  db = createDb(database.url, { poolSize: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('the generated client against the migrated database', () => {
  it('writes and reads every model with every column', async () => {
    const namespace = await db.namespace.create({
      data: { name: 'schema-ns', invocationsPerMinute: 60, concurrentInvocations: 5, firesPerMinute: 30, activationRetentionDays: 3 },
    });
    await db.apiKey.create({ data: { uuid: '3f5b0a4e-9d7c-4b7e-8f41-2b9c8c2f1a11', secretHash: 'ab'.repeat(32), namespaceId: namespace.id } });
    const pkg = await db.package.create({
      data: { namespaceId: namespace.id, name: 'utils', publish: true, parameters: [{ key: 'a', value: 1 }], annotations: [], bindingNamespace: null },
    });
    const binding = await db.package.create({
      data: { namespaceId: namespace.id, name: 'bound', bindingNamespace: 'other', bindingName: 'utils' },
    });
    const action = await db.action.create({
      data: {
        namespaceId: namespace.id,
        packageName: 'utils',
        packageId: pkg.id,
        name: 'hello',
        kind: 'nodejs:18',
        main: 'main',
        code: 'function main() {}',
        binary: false,
        image: null,
        components: ['/ns/a', '/ns/b'],
        parameters: [{ key: 'p', value: { deep: [1, 2] } }],
        annotations: [{ key: 'web-export', value: true }],
        timeoutMs: 1000,
        memoryMb: 128,
        logsMb: 1,
        concurrency: 4,
      },
    });
    await db.actionVersion.create({
      data: {
        actionId: action.id,
        version: '0.0.1',
        kind: 'nodejs:18',
        code: 'function main() {}',
        components: [],
        timeoutMs: 1000,
        memoryMb: 128,
        logsMb: 1,
        concurrency: 4,
      },
    });
    const tick = await db.trigger.create({
      data: {
        namespaceId: namespace.id,
        name: 'tick',
        parameters: [{ key: 'x', value: 'y' }],
        annotations: [{ key: 'feed', value: '/whisk.system/alarms/alarm' }],
      },
    });
    await db.triggerFeed.create({
      data: { triggerId: tick.id, feed: '/whisk.system/alarms/alarm', config: { cron: '* * * * *' }, active: false, reason: 'stopped', failures: 2, fired: 5 },
    });
    await db.rule.create({
      data: { namespaceId: namespace.id, name: 'on-tick', trigger: '/schema-ns/tick', action: '/schema-ns/utils/hello', status: 'inactive' },
    });
    const start = new Date('2026-01-02T03:04:05.678Z');
    await db.activation.create({
      data: {
        activationId: 'a'.repeat(32),
        namespaceId: namespace.id,
        entityType: 'action',
        name: 'hello',
        path: 'utils/hello',
        version: '0.0.1',
        subject: 'schema-ns',
        start,
        end: new Date(start.getTime() + 5),
        duration: 5,
        statusCode: 1,
        success: false,
        result: { error: 'nope' },
        logs: ['2026-01-02T03:04:05.679Z stdout: hi'],
        annotations: [{ key: 'waitTime', value: 3 }],
        cause: 'b'.repeat(32),
        publish: false,
      },
    });

    await db.apiRoute.create({
      data: {
        namespaceId: namespace.id,
        basePath: '/shop',
        relPath: '/books/{id}',
        method: 'GET',
        action: '/schema-ns/utils/hello',
        responseType: 'http',
        apiName: 'Book shop',
      },
    });

    const read = await db.namespace.findUniqueOrThrow({
      where: { name: 'schema-ns' },
      include: {
        keys: true,
        packages: { include: { actions: { include: { versions: true } } } },
        triggers: { include: { feed: true } },
        rules: true,
        activations: true,
        apiRoutes: true,
      },
    });
    expect(read).toMatchObject({ invocationsPerMinute: 60, concurrentInvocations: 5, firesPerMinute: 30, activationRetentionDays: 3 });
    expect(read.keys).toHaveLength(1);
    expect(read.packages.map((p) => p.name).sort()).toEqual(['bound', 'utils']);
    expect(read.packages.find((p) => p.id === binding.id)).toMatchObject({ bindingNamespace: 'other', bindingName: 'utils', version: '0.0.1' });
    const readAction = read.packages.find((p) => p.name === 'utils')!.actions[0]!;
    expect(readAction).toMatchObject({ components: ['/ns/a', '/ns/b'], parameters: [{ key: 'p', value: { deep: [1, 2] } }], concurrency: 4, version: '0.0.1' });
    expect(readAction.versions[0]).toMatchObject({ version: '0.0.1', memoryMb: 128 });
    expect(read.triggers[0]).toMatchObject({ name: 'tick', parameters: [{ key: 'x', value: 'y' }] });
    expect(read.triggers[0]!.feed).toMatchObject({ config: { cron: '* * * * *' }, active: false, reason: 'stopped', failures: 2, fired: 5 });
    expect(read.rules[0]).toMatchObject({ status: 'inactive', action: '/schema-ns/utils/hello' });
    expect(read.activations[0]).toMatchObject({ start, duration: 5, result: { error: 'nope' }, cause: 'b'.repeat(32), statusCode: 1 });
    expect(read.apiRoutes[0]).toMatchObject({ basePath: '/shop', relPath: '/books/{id}', method: 'GET', responseType: 'http', apiName: 'Book shop' });
    expect(read.apiRoutes[0]!.createdAt).toBeInstanceOf(Date);
  });

  it('enforces the unique keys the services rely on', async () => {
    const namespace = await db.namespace.create({ data: { name: 'unique-ns' } });
    const data = { namespaceId: namespace.id, name: 'dup', kind: 'nodejs:18', code: 'x' };
    await db.action.create({ data });
    await expect(db.action.create({ data })).rejects.toMatchObject({ code: 'P2002' });
    // The same name in a package is a different action.
    const pkg = await db.package.create({ data: { namespaceId: namespace.id, name: 'p' } });
    await expect(db.action.create({ data: { ...data, packageName: 'p', packageId: pkg.id } })).resolves.toBeDefined();

    // One route per (namespace, base path, relative path, method).
    const route = { namespaceId: namespace.id, basePath: '/', relPath: '/a', method: 'GET', action: '/unique-ns/dup', apiName: '/' };
    await db.apiRoute.create({ data: route });
    await expect(db.apiRoute.create({ data: route })).rejects.toMatchObject({ code: 'P2002' });
    await expect(db.apiRoute.create({ data: { ...route, method: 'POST' } })).resolves.toMatchObject({ responseType: 'json' });
  });

  it('cascades a namespace delete to everything in it', async () => {
    const namespace = await db.namespace.create({ data: { name: 'doomed' } });
    const action = await db.action.create({ data: { namespaceId: namespace.id, name: 'a', kind: 'nodejs:18', code: 'x' } });
    await db.actionVersion.create({
      data: { actionId: action.id, version: '0.0.1', kind: 'nodejs:18', timeoutMs: 1, memoryMb: 128, logsMb: 0, concurrency: 1 },
    });
    await db.apiRoute.create({ data: { namespaceId: namespace.id, basePath: '/', relPath: '/a', method: 'GET', action: '/doomed/a', apiName: '/' } });
    await db.namespace.delete({ where: { id: namespace.id } });
    expect(await db.actionVersion.count({ where: { actionId: action.id } })).toBe(0);
    expect(await db.apiRoute.count({ where: { namespaceId: namespace.id } })).toBe(0);
  });
});
