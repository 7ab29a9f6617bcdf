// Load shedding against a Brisk of its own with a bound of 3 waiting
// activations and one worker slot: past the bound a new invocation gets 503
// with Retry-After at once, what was accepted still runs, and once the queue
// drains invocations are taken again.
import { startBrisk, type BriskInstance } from '@brisk/testing/brisk-instance';
import { ApiClient } from '@brisk/testing/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './helpers';

let brisk: BriskInstance;
let api: ApiClient;

beforeAll(async () => {
  brisk = await startBrisk({ env: { BRISK_MAX_QUEUED_ACTIVATIONS: '3' }, workerEnv: { BRISK_WORKER_CONCURRENCY: '1' } });
  api = new ApiClient(brisk.url, brisk.guestKey);
});

afterAll(async () => {
  await brisk?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a full queue', () => {
  it('refuses new invocations with 503 and Retry-After, runs what it accepted, and takes work again once drained', async () => {
    const name = uniqueName('slow');
    await api.putAction(name, {
      exec: { kind: 'nodejs:default', code: 'async function main() { await new Promise(r => setTimeout(r, 1500)); return { done: true }; }' },
    });
    // One runs, three wait: the bound.
    const accepted: string[] = [];
    for (let n = 0; n < 4; n++) {
      const answer = await api.invoke(name, {}, { blocking: false });
      expect(answer.status).toBe(202);
      accepted.push(answer.body.activationId);
    }
    await sleep(600); // past one sample of the queue's depth

    // The worker's second consumer (it takes from its own queue and the shared one) may be holding one of them
    // on its way back to the queue when the depth is read: then one more is taken, and the next is refused.
    const offer = () =>
      fetch(`${brisk.url}/api/v1/namespaces/_/actions/${name}?blocking=false`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(brisk.guestKey).toString('base64')}`, 'content-type': 'application/json' },
        body: '{}',
      });
    let refused = await offer();
    for (let extra = 0; refused.status === 202 && extra < 2; extra++) {
      accepted.push(((await refused.json()) as { activationId: string }).activationId);
      await sleep(300);
      refused = await offer();
    }
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await refused.json()).error).toMatch(/^Brisk is at capacity: [3-5] activations are waiting to run \(the bound is 3\)/);

    // What was accepted runs to its end, each once.
    for (const id of accepted) {
      for (let attempt = 0; ; attempt++) {
        const record = await api.request('GET', `/namespaces/_/activations/${id}`);
        if (record.status === 200 && record.body.response.status !== 'pending') {
          expect(record.body.response.result).toEqual({ done: true });
          break;
        }
        if (attempt > 100) throw new Error(`activation ${id} did not end`);
        await sleep(200);
      }
    }
    await sleep(600);
    expect((await api.invoke(name, {}, { blocking: false })).status).toBe(202);
  });
});
