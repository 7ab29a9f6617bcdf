// The deploy engine against a real database and Redis: projects parsed from
// real manifests are planned and applied; what changes, what keeps its
// version, what is deleted, and that a failing project changes nothing.
import { createDb, type Db } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putAction } from '../../actions.ts';
import type { Caller } from '../../namespaces.ts';
import { memoryFiles, parseProject } from '../manifest/index.ts';
import { ProjectError } from '../project-spec.ts';
import { openAlarmQueue } from '../../feeds/alarm-schedules.ts';
import { deployProject } from './deploy-project.ts';
import { managedBy } from './managed.ts';

let database: TestDatabase;
let db: Db;
let redis: Redis;
let caller: Caller;
const redisPrefix = newRedisPrefix();

beforeAll(async () => {
  database = await createTestDatabase('deploy');
  db = createDb(database.url, { poolSize: 2 });
  redis = new Redis(TEST_REDIS_URL);
  const ns = await db.namespace.create({ data: { name: 'guest' } });
  caller = { namespaceId: ns.id, namespace: 'guest', subject: 'guest' };
});

afterAll(async () => {
  redis?.disconnect();
  await deleteRedisPrefix(redisPrefix);
  await db?.$disconnect();
  await database?.drop();
});

const MANIFEST = `
project:
  name: shop
  packages:
    shop:
      inputs:
        currency: EUR
      actions:
        price:
          function: src/price.js
          limits:
            timeout: 5000
        tax:
          function: src/tax.py
          web: true
      sequences:
        checkout:
          actions: price, tax
      triggers:
        order-placed:
          inputs:
            source: web
      rules:
        on-order:
          trigger: order-placed
          action: checkout
`;

const FILES = {
  'manifest.yaml': MANIFEST,
  'src/price.js': 'function main(p) { return { price: 10, currency: p.currency }; }',
  'src/tax.py': 'def main(args):\n    return {"tax": 2}\n',
};

let deployments = 0;
async function deploy(files: Record<string, string>) {
  const spec = await parseProject(memoryFiles(files), { defaultName: 'src', variables: {} });
  return deployProject({ db, redis, redisPrefix }, caller, spec, { deploymentId: `00000000-0000-4000-8000-${String(++deployments).padStart(12, '0')}` });
}

function changeOf(changes: Awaited<ReturnType<typeof deploy>>, entity: string, name: string) {
  return changes.find((change) => change.entity === entity && change.name === name);
}

describe('the deploy engine', () => {
  it('creates every entity of a project, marked as the project’s', async () => {
    const changes = await deploy(FILES);
    expect(changes.map((change) => `${change.change} ${change.entity} ${change.name}`).sort()).toEqual([
      'created action shop/checkout',
      'created action shop/price',
      'created action shop/tax',
      'created package shop',
      'created rule on-order',
      'created trigger order-placed',
    ]);
    const price = await db.action.findFirstOrThrow({ where: { namespaceId: caller.namespaceId, packageName: 'shop', name: 'price' } });
    expect(price).toMatchObject({ kind: 'nodejs:22', timeoutMs: 5000, version: '0.0.1', code: FILES['src/price.js'] });
    expect(managedBy(price.annotations)).toMatchObject({ projectName: 'shop', file: 'manifest.yaml' });
    const tax = await db.action.findFirstOrThrow({ where: { namespaceId: caller.namespaceId, packageName: 'shop', name: 'tax' } });
    expect(tax.kind).toBe('python:3.13');
    expect(tax.annotations).toEqual(expect.arrayContaining([{ key: 'web-export', value: true }]));
    const checkout = await db.action.findFirstOrThrow({ where: { namespaceId: caller.namespaceId, packageName: 'shop', name: 'checkout' } });
    expect(checkout.components).toEqual(['/guest/shop/price', '/guest/shop/tax']);
    const rule = await db.rule.findFirstOrThrow({ where: { namespaceId: caller.namespaceId, name: 'on-order' } });
    expect(rule).toMatchObject({ trigger: '/guest/order-placed', action: '/guest/shop/checkout', status: 'active' });
    const pkg = await db.package.findFirstOrThrow({ where: { namespaceId: caller.namespaceId, name: 'shop' } });
    expect(pkg.parameters).toEqual([{ key: 'currency', value: 'EUR' }]);
  });

  it('redeploying the same project changes nothing and keeps every version', async () => {
    const changes = await deploy(FILES);
    expect(changes.every((change) => change.change === 'unchanged')).toBe(true);
    expect(changeOf(changes, 'action', 'shop/price')?.version).toBe('0.0.1');
    expect(await db.actionVersion.count({ where: { action: { name: 'price' } } })).toBe(1);
  });

  it('updates what changed, deletes what the project dropped, keeps the rest', async () => {
    const manifest = MANIFEST.replace(/ {8}tax:\n[\s\S]*?web: true\n/, '').replace('actions: price, tax', 'actions: price');
    const changes = await deploy({ ...FILES, 'manifest.yaml': manifest, 'src/price.js': 'function main() { return { price: 12 }; }' });
    expect(changeOf(changes, 'action', 'shop/price')).toMatchObject({ change: 'updated', version: '0.0.2' });
    expect(changeOf(changes, 'action', 'shop/checkout')).toMatchObject({ change: 'updated', version: '0.0.2' });
    expect(changeOf(changes, 'action', 'shop/tax')).toMatchObject({ change: 'deleted' });
    expect(changeOf(changes, 'trigger', 'order-placed')).toMatchObject({ change: 'unchanged', version: '0.0.1' });
    expect(await db.action.count({ where: { namespaceId: caller.namespaceId, name: 'tax' } })).toBe(0);
    expect(await db.actionVersion.count({ where: { action: { name: 'price' } } })).toBe(2);
  });

  it('refuses to take over an entity it does not manage, and changes nothing', async () => {
    await putAction(
      db,
      caller,
      { packageName: '', name: 'mine' },
      { exec: { kind: 'nodejs:default', code: 'function main() { return {}; }' } },
      { overwrite: false },
    );
    const before = await db.action.findMany({
      where: { namespaceId: caller.namespaceId },
      orderBy: { name: 'asc' },
      select: { name: true, version: true, code: true },
    });
    const manifest = `${MANIFEST}\n    default:\n      actions:\n        mine:\n          function: src/price.js\n`;
    const failure = await deploy({ ...FILES, 'manifest.yaml': manifest, 'src/price.js': 'function main() { return { price: 99 }; }' }).catch((error) => error);
    expect(failure).toBeInstanceOf(ProjectError);
    expect((failure as ProjectError).message).toMatch(/action mine.*not created by this project/);
    const after = await db.action.findMany({
      where: { namespaceId: caller.namespaceId },
      orderBy: { name: 'asc' },
      select: { name: true, version: true, code: true },
    });
    expect(after).toEqual(before);
  });

  it('schedules a trigger fed by an alarm, with its inputs as the feed’s parameters, and reschedules it only when they change', async () => {
    const alarms = openAlarmQueue(redis, redisPrefix);
    const withFeed = (inputs: string) =>
      MANIFEST.replace(
        '        order-placed:\n          inputs:\n            source: web\n',
        `        order-placed:\n          feed: /whisk.system/alarms/alarm\n          inputs:\n${inputs}`,
      );
    const feedOf = async () =>
      db.triggerFeed.findFirst({ where: { trigger: { namespaceId: caller.namespaceId, name: 'order-placed' } }, include: { trigger: true } });

    const created = await deploy({ ...FILES, 'manifest.yaml': withFeed('            cron: "0 * * * *"\n            trigger_payload: { hourly: true }\n') });
    expect(changeOf(created, 'trigger', 'order-placed')?.change).toBe('updated');
    const feed = await feedOf();
    expect(feed).toMatchObject({ feed: '/whisk.system/alarms/alarm', active: true, config: { kind: 'cron', cron: '0 * * * *', payload: { hourly: true } } });
    // The inputs feed the alarm; the trigger keeps none of them as parameters.
    expect(feed!.trigger.parameters).toEqual([]);
    expect(feed!.trigger.annotations).toEqual(expect.arrayContaining([{ key: 'feed', value: '/whisk.system/alarms/alarm' }]));
    expect((await alarms.getJobScheduler(`alarm-${feed!.triggerId}`))?.pattern).toBe('0 * * * *');

    const again = await deploy({ ...FILES, 'manifest.yaml': withFeed('            cron: "0 * * * *"\n            trigger_payload: { hourly: true }\n') });
    expect(changeOf(again, 'trigger', 'order-placed')?.change).toBe('unchanged');

    const changed = await deploy({ ...FILES, 'manifest.yaml': withFeed('            cron: "*/5 * * * *"\n') });
    expect(changeOf(changed, 'trigger', 'order-placed')?.change).toBe('updated');
    expect((await alarms.getJobScheduler(`alarm-${feed!.triggerId}`))?.pattern).toBe('*/5 * * * *');

    const bad = await deploy({ ...FILES, 'manifest.yaml': withFeed('            cron: "every hour"\n') }).catch((error) => error);
    expect((bad as Error).message).toMatch(/trigger order-placed: its feed \/whisk.system\/alarms\/alarm: cron pattern 'every hour' is not valid/);
    const unknown = await deploy({
      ...FILES,
      'manifest.yaml': withFeed('            cron: "* * * * *"\n').replace('/whisk.system/alarms/alarm', '/whisk.system/github/webhook'),
    }).catch((error) => error);
    expect((unknown as Error).message).toMatch(/feed \/whisk.system\/github\/webhook is not one Brisk provides/);
    // Refused projects changed nothing.
    expect((await feedOf())?.config).toMatchObject({ cron: '*/5 * * * *' });
    await alarms.close();
  });

  it('an empty project deletes what the project managed, and only that', async () => {
    const changes = await deployProject(
      { db, redis, redisPrefix },
      caller,
      { name: 'shop', packages: [], actions: [], triggers: [], rules: [] },
      { deploymentId: '00000000-0000-4000-8000-0000000000ff' },
    );
    expect(
      changes
        .filter((change) => change.change === 'deleted')
        .map((change) => `${change.entity} ${change.name}`)
        .sort(),
    ).toEqual(['action shop/checkout', 'action shop/price', 'action shop/tax', 'package shop', 'rule on-order', 'trigger order-placed']);
    // The deleted trigger's alarm is unscheduled with it.
    const alarms = openAlarmQueue(redis, redisPrefix);
    expect(await alarms.getJobSchedulersCount()).toBe(0);
    await alarms.close();
    expect(await db.action.findMany({ where: { namespaceId: caller.namespaceId }, select: { name: true } })).toEqual([{ name: 'mine' }]);
  });
});
