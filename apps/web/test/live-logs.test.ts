// Following a run's logs as the console does (tRPC over SSE): lines printed
// before the viewer subscribed come first, live lines follow, each once, and
// a viewer that reconnects resumes after the last line it got.
import { logBacklogKey } from '@brisk/core';
import { TEST_REDIS_URL } from '@brisk/testing';
import { consoleSession, readSubscription, type SubscriptionEvent } from '@brisk/testing/console-session';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { brisk, guest, nodeAction, uniqueName } from './helpers';

const THREE_LINES = `async function main() {
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  console.log('first');
  await pause(1500);
  console.log('second');
  await pause(1000);
  console.log('third');
  return { done: true };
}`;

const redis = new Redis(TEST_REDIS_URL);
afterAll(() => redis.disconnect());

interface FollowEvent {
  type: string;
  line?: string;
  record?: { logs: string[] };
}

const signIn = () => consoleSession(brisk.url, brisk.guestKey);
const follow = (cookie: string, input: Record<string, unknown>, enough: (events: SubscriptionEvent<FollowEvent>[]) => boolean) =>
  readSubscription<FollowEvent>(brisk.url, cookie, 'activations.follow', input, enough);

const lineText = (event: SubscriptionEvent<FollowEvent>) => event.data.line?.replace(/^\S+ stdout: /, '');

describe('following a run', () => {
  it('shows lines printed before it subscribed, then live ones, each once, and resumes after a dropped connection', async () => {
    const cookie = await signIn();
    const name = uniqueName('three-lines');
    expect((await guest.putAction(name, nodeAction(THREE_LINES))).status).toBe(200);
    const run = await guest.invoke(name, {}, { blocking: false });
    expect(run.status).toBe(202);
    const activationId = run.body.activationId as string;

    // Subscribe only once the first line is out, as a browser that is a little late would.
    const backlog = logBacklogKey(brisk.redisPrefix, activationId);
    await expect.poll(() => redis.llen(backlog), { timeout: 15_000 }).toBeGreaterThan(0);

    const firstConnection = await follow(cookie, { activationId }, (events) => events.some((event) => lineText(event) === 'second'));
    const logs = firstConnection.filter((event) => event.data.type === 'log');
    expect(logs.map(lineText)).toEqual(['first', 'second']);
    expect(logs.map((event) => event.id)).toEqual(['log:0', 'log:1']);

    // The connection dropped after "second": the reconnect names it and gets only what came after.
    const resumed = await follow(cookie, { activationId, lastEventId: 'log:1' }, (events) => events.some((event) => event.data.type === 'done'));
    expect(resumed.filter((event) => event.data.type === 'log').map(lineText)).toEqual(['third']);
    const done = resumed.find((event) => event.data.type === 'done');
    expect(done?.data.record?.logs.map((line) => line.replace(/^\S+ stdout: /, ''))).toEqual(['first', 'second', 'third']);

    // The record is stored: the worker has dropped the backlog.
    await expect.poll(() => redis.exists(backlog), { timeout: 5_000 }).toBe(0);
  });
});
