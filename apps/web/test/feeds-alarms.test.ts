// Feeds through the official `openwhisk` client: the /whisk.system/alarms
// feed actions driven with CREATE, READ, UPDATE and DELETE, against a Brisk
// of its own with two workers, so that every alarm here also shows that a
// tick fires once however many workers take ticks.
import { openAlarmQueue } from '@brisk/core';
import { createDb } from '@brisk/db';
import { type BriskInstance, startBrisk } from '@brisk/testing/brisk-instance';
import { TEST_REDIS_URL } from '@brisk/testing/redis';
import { Redis } from 'ioredis';
import openwhisk from 'openwhisk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './helpers';

let brisk: BriskInstance;
let wsk: any;
let otherWsk: any;

beforeAll(async () => {
  brisk = await startBrisk();
  await brisk.addWorker();
  wsk = openwhisk({ apihost: brisk.url, api_key: brisk.guestKey });
  otherWsk = openwhisk({ apihost: brisk.url, api_key: brisk.otherKey });
});

afterAll(async () => {
  await brisk?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How a call that must fail failed: its HTTP status, and the feed's error (or the API's). */
async function refusal(call: Promise<unknown>): Promise<{ statusCode: number; error: string }> {
  try {
    await call;
  } catch (failure: any) {
    return { statusCode: failure.statusCode, error: failure.error?.response?.result?.error ?? failure.error?.error ?? '' };
  }
  throw new Error('the call was expected to fail, but it succeeded');
}

/** A trigger with a rule to a fresh action that answers with what it was given. */
async function triggerWithRule(): Promise<{ trigger: string; action: string; rule: string }> {
  const [trigger, action, rule] = [uniqueName('tick'), uniqueName('on-tick'), uniqueName('r')];
  await wsk.actions.create({ name: action, action: 'function main(params) { return params; }' });
  await wsk.triggers.create({ name: trigger });
  await wsk.rules.create({ name: rule, trigger, action });
  return { trigger, action, rule };
}

/** The action's activations so far, finished ones only. */
async function activationsOf(action: string): Promise<any[]> {
  const listed: any[] = await wsk.activations.list({ name: action, limit: 100, docs: true });
  return listed.filter((record) => record.response?.status !== 'pending');
}

describe('the alarm feed', () => {
  it('fires every two seconds through the rule, reads back and updates, and never fires after DELETE', async () => {
    const { trigger, action } = await triggerWithRule();
    const created = await wsk.feeds.create({
      name: '/whisk.system/alarms/alarm',
      trigger,
      params: { cron: '*/2 * * * * *', trigger_payload: { tick: 'first' } },
    });
    expect(created.response.success).toBe(true);

    const read = await wsk.feeds.get({ name: '/whisk.system/alarms/alarm', trigger });
    expect(read.response.result.config).toEqual({ name: trigger, namespace: 'guest', cron: '*/2 * * * * *', payload: { tick: 'first' } });
    expect(read.response.result.status).toMatchObject({ active: true });
    const nextFires: string[] = read.response.result.nextFires;
    expect(nextFires).toHaveLength(5);
    expect(Date.parse(nextFires[1]!) - Date.parse(nextFires[0]!)).toBe(2_000);

    await sleep(9_000);
    const fired = await activationsOf(action);
    // Every two seconds for nine: four or five ticks, each fired once by one of the two workers.
    expect(fired.length).toBeGreaterThanOrEqual(3);
    expect(fired.length).toBeLessThanOrEqual(6);
    expect(fired.every((record) => record.response.result.tick === 'first')).toBe(true);

    await wsk.feeds.update({ name: '/whisk.system/alarms/alarm', trigger, params: { trigger_payload: { tick: 'second' } } });
    const updated = await wsk.feeds.get({ name: '/whisk.system/alarms/alarm', trigger });
    expect(updated.response.result.config).toMatchObject({ cron: '*/2 * * * * *', payload: { tick: 'second' } });
    await sleep(4_500);
    expect((await activationsOf(action)).some((record) => record.response.result.tick === 'second')).toBe(true);

    await wsk.feeds.delete({ name: '/whisk.system/alarms/alarm', trigger });
    await sleep(1_000); // a tick already taken may still end
    const before = (await activationsOf(action)).length;
    await sleep(5_000);
    expect((await activationsOf(action)).length).toBe(before);
    expect((await refusal(wsk.feeds.get({ name: '/whisk.system/alarms/alarm', trigger }))).error).toMatch(/could not find the trigger/);
  });

  it('refuses a bad cron at CREATE with the provider’s message, and keeps nothing', async () => {
    const { trigger } = await triggerWithRule();
    const answer = await refusal(wsk.feeds.create({ name: '/whisk.system/alarms/alarm', trigger, params: { cron: '*/2 * * *' } }));
    expect(answer).toEqual({ statusCode: 502, error: "cron pattern '*/2 * * *' is not valid" });
    const failure = await refusal(wsk.feeds.create({ name: '/whisk.system/alarms/alarm', trigger, params: { cron: '61 * * * *' } }));
    expect(failure.error).toBe("cron pattern '61 * * * *' is not valid");
    const badZone = await refusal(wsk.feeds.create({ name: '/whisk.system/alarms/alarm', trigger, params: { cron: '* * * * *', timezone: 'Mars/Olympus' } }));
    expect(badZone.error).toBe('Invalid timezone.');
    expect((await refusal(wsk.feeds.get({ name: '/whisk.system/alarms/alarm', trigger }))).error).toMatch(/could not find the trigger/);
  });

  it('refuses a CREATE whose authKey does not own the trigger', async () => {
    const { trigger } = await triggerWithRule();
    const answer = await refusal(otherWsk.feeds.create({ name: '/whisk.system/alarms/alarm', trigger: `/guest/${trigger}`, params: { cron: '* * * * *' } }));
    expect(answer.error).toMatch(/not a key of the namespace guest/);
    const forged = await refusal(
      wsk.feeds.create({
        name: '/whisk.system/alarms/alarm',
        trigger,
        params: { cron: '* * * * *', authKey: `${brisk.guestKey.split(':')[0]}:wrongsecretwrongsecret` },
      }),
    );
    expect(forged.error).toMatch(/authKey is not a valid key/);
    expect((await refusal(wsk.feeds.get({ name: '/whisk.system/alarms/alarm', trigger }))).error).toMatch(/could not find the trigger/);
  });
});

describe('the once feed', () => {
  it('fires once at its date, then reads back as disabled', async () => {
    const { trigger, action } = await triggerWithRule();
    const date = new Date(Date.now() + 3_000).toISOString();
    await wsk.feeds.create({ name: '/whisk.system/alarms/once', trigger, params: { date, trigger_payload: 'just once' } });
    await sleep(6_500);
    const fired = await activationsOf(action);
    expect(fired).toHaveLength(1);
    expect(fired[0].response.result).toEqual({ payload: 'just once' });
    const read = await wsk.feeds.get({ name: '/whisk.system/alarms/once', trigger });
    expect(read.response.result.config).toMatchObject({ date, deleteAfterFire: 'false' });
    expect(read.response.result.status).toMatchObject({ active: false, reason: { kind: 'AUTO', message: expect.stringMatching(/^Fired once/) } });
  });

  it('deletes its trigger and rules after firing when asked to', async () => {
    const { trigger, action, rule } = await triggerWithRule();
    await wsk.feeds.create({
      name: '/whisk.system/alarms/once',
      trigger,
      params: { date: new Date(Date.now() + 2_000).toISOString(), deleteAfterFire: 'rules' },
    });
    await sleep(5_000);
    expect(await activationsOf(action)).toHaveLength(1);
    expect((await refusal(wsk.triggers.get({ name: trigger }))).statusCode).toBe(404);
    expect((await refusal(wsk.rules.get({ name: rule }))).statusCode).toBe(404);
  });

  it('refuses a date in the past and a deleteAfterFire it does not know', async () => {
    const { trigger } = await triggerWithRule();
    const past = await refusal(wsk.feeds.create({ name: '/whisk.system/alarms/once', trigger, params: { date: '2020-01-01T00:00:00Z' } }));
    expect(past.error).toBe("date parameter '2020-01-01T00:00:00Z' must be in the future");
    const date = new Date(Date.now() + 60_000).toISOString();
    const unknown = await refusal(wsk.feeds.create({ name: '/whisk.system/alarms/once', trigger, params: { date, deleteAfterFire: 'maybe' } }));
    expect(unknown.error).toBe('deleteAfterFire parameter must be one of [false, true, rules].');
  });
});

describe('the interval feed', () => {
  it('validates its minutes and reads back its schedule', async () => {
    const { trigger } = await triggerWithRule();
    const bad = await refusal(wsk.feeds.create({ name: '/whisk.system/alarms/interval', trigger, params: { minutes: 1.5 } }));
    expect(bad.error).toBe('the minutes parameter must be an integer');
    await wsk.feeds.create({ name: '/whisk.system/alarms/interval', trigger, params: { minutes: 5 } });
    const read = await wsk.feeds.get({ name: '/whisk.system/alarms/interval', trigger });
    expect(read.response.result.config).toMatchObject({ minutes: 5 });
    const [first, second] = read.response.result.nextFires.map((time: string) => Date.parse(time));
    expect(second - first).toBe(5 * 60_000);
    // Deleting the trigger ends its alarm with it, schedule included.
    const db = createDb(brisk.databaseUrl, { poolSize: 1 });
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const alarms = openAlarmQueue(redis, brisk.redisPrefix);
    try {
      const { id } = await db.trigger.findFirstOrThrow({ where: { name: trigger }, select: { id: true } });
      expect(await alarms.getJobScheduler(`alarm-${id}`)).toMatchObject({ every: 5 * 60_000 });
      await wsk.triggers.delete({ name: trigger });
      expect(await alarms.getJobScheduler(`alarm-${id}`)).toBeUndefined();
    } finally {
      await alarms.close();
      redis.disconnect();
      await db.$disconnect();
    }
    expect((await refusal(wsk.feeds.get({ name: '/whisk.system/alarms/interval', trigger }))).statusCode).toBe(502);
  });
});
