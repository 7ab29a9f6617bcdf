// Following a run's logs as the console does (tRPC over SSE): lines printed
// before the viewer subscribed come first, live lines follow, each once, and
// a viewer that reconnects resumes after the last line it got.
import { logBacklogKey } from '@brisk/core';
import { TEST_REDIS_URL } from '@brisk/testing';
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

async function signIn(): Promise<string> {
  const response = await fetch(`${brisk.url}/api/trpc/session.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key: brisk.guestKey }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  expect(cookie).toMatch(/^brisk_session=/);
  return cookie!;
}

interface FollowEvent {
  id: string | undefined;
  data: { type: string; line?: string; record?: { logs: string[] } };
}

/** Reads the follow subscription's SSE events until `enough` says so (or it ends), then drops the connection. */
async function follow(cookie: string, input: Record<string, unknown>, enough: (events: FollowEvent[]) => boolean): Promise<FollowEvent[]> {
  const controller = new AbortController();
  const response = await fetch(`${brisk.url}/api/trpc/activations.follow?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const events: FollowEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = setTimeout(() => controller.abort(), 30_000);
  try {
    const reader = response.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: ?(.*)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        const parsed = data ? (JSON.parse(data) as FollowEvent['data']) : undefined;
        if (parsed && typeof parsed === 'object' && 'type' in parsed) events.push({ id, data: parsed });
      }
      if (enough(events)) break;
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    clearTimeout(deadline);
    controller.abort();
  }
  return events;
}

const lineText = (event: FollowEvent) => event.data.line?.replace(/^\S+ stdout: /, '');

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
