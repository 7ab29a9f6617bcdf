// Per-namespace limits answer 429 with a message naming the limit, and are
// visible in /limits.
import { createNamespaceKey } from '@brisk/core';
import { createDb } from '@brisk/db';
import { ApiClient } from '@brisk/testing/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brisk, uniqueName } from './helpers';

const db = createDb(brisk.databaseUrl, { poolSize: 1 });
let limited: ApiClient;

beforeAll(async () => {
  const namespace = uniqueName('throttled');
  const key = await createNamespaceKey(db, namespace);
  await db.namespace.update({ where: { name: namespace }, data: { invocationsPerMinute: 3, concurrentInvocations: 1 } });
  limited = new ApiClient(brisk.url, key);
});

afterAll(async () => {
  await db.$disconnect();
});

describe('throttles', () => {
  it('show the namespace limits', async () => {
    const limits = await limited.request('GET', '/namespaces/_/limits');
    expect(limits.body).toMatchObject({ invocationsPerMinute: 3, concurrentInvocations: 1, activationRetentionDays: 7 });
  });

  it('refuse a second concurrent activation, then invocations past the per-minute limit, with 429', async () => {
    const slow = uniqueName('slow');
    await limited.putAction(slow, {
      exec: { kind: 'nodejs:default', code: `async function main() { await new Promise(r => setTimeout(r, 1500)); return {}; }` },
    });
    const first = await limited.invoke(slow, {}, { blocking: false });
    expect(first.status).toBe(202);
    const second = await limited.invoke(slow, {}, { blocking: false });
    expect(second.status).toBe(429);
    expect(second.body.error).toMatch(/concurrent.*allowed: 1/);

    // Once the first ends, its slot is free again.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const third = await limited.invoke(slow, {}, { blocking: true });
    expect(third.status).toBe(200);

    const fourth = await limited.invoke(slow, {}, { blocking: false });
    expect(fourth.status).toBe(429);
    expect(fourth.body.error).toMatch(/in the last minute.*allowed: 3/);
  });
});

describe('a sequence', () => {
  // OpenWhisk throttles the request, not each component: a sequence holds one
  // concurrency slot while its components run under it, so a namespace
  // allowed one activation at a time can still run a three-step sequence.
  it('runs its components under its own slot, and holds that slot until its last component ends', async () => {
    const namespace = uniqueName('seq-limited');
    const key = await createNamespaceKey(db, namespace);
    await db.namespace.update({ where: { name: namespace }, data: { invocationsPerMinute: 60, concurrentInvocations: 1 } });
    const api = new ApiClient(brisk.url, key);
    const [step, slowStep, seq] = [uniqueName('step'), uniqueName('slow-step'), uniqueName('seq')];
    await api.putAction(step, { exec: { kind: 'nodejs:default', code: 'function main(p) { return { n: (p.n || 0) + 1 }; }' } });
    await api.putAction(slowStep, {
      exec: { kind: 'nodejs:default', code: 'async function main(p) { await new Promise(r => setTimeout(r, 2000)); return { n: p.n + 1 }; }' },
    });
    expect((await api.putAction(seq, { exec: { kind: 'sequence', components: [step, slowStep, step] } })).status).toBe(200);

    const running = api.invoke(seq, { n: 0 }, { blocking: true });
    // While the slow middle step runs, the namespace's one slot is the sequence's.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const meanwhile = await api.invoke(step, {}, { blocking: false });
    expect(meanwhile.status).toBe(429);
    expect(meanwhile.body.error).toMatch(/concurrent.*allowed: 1/);

    const done = await running;
    expect(done.status).toBe(200);
    expect(done.body.response.result).toEqual({ n: 3 });
    expect(done.body.logs).toHaveLength(3); // the three component activations, none refused
  });
});

describe('trigger fires', () => {
  it('past the namespace limit per minute are refused with 429', async () => {
    const namespace = uniqueName('fire-limited');
    const key = await createNamespaceKey(db, namespace);
    await db.namespace.update({ where: { name: namespace }, data: { firesPerMinute: 1 } });
    const api = new ApiClient(brisk.url, key);
    const [trigger, action, rule] = [uniqueName('t'), uniqueName('a'), uniqueName('r')];
    await api.putAction(action, { exec: { kind: 'nodejs:default', code: 'function main() { return {}; }' } });
    expect((await api.request('PUT', `/namespaces/_/triggers/${trigger}`, { body: {} })).status).toBe(200);
    expect((await api.request('PUT', `/namespaces/_/rules/${rule}`, { body: { trigger: `/_/${trigger}`, action: `/_/${action}` } })).status).toBe(200);
    expect((await api.request('POST', `/namespaces/_/triggers/${trigger}`, { body: {} })).status).toBe(202);
    const second = await api.request('POST', `/namespaces/_/triggers/${trigger}`, { body: {} });
    expect(second.status).toBe(429);
    expect(second.body.error).toMatch(/trigger fires.*allowed: 1/);
  });
});
