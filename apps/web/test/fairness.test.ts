// Fair sharing between namespaces, against a Brisk of its own (one worker of
// 16 slots): one namespace queueing twice the worker's slots of 4-second
// activations does not make another namespace's short action wait, and
// every one of the first namespace's activations still runs, once.
import { ApiClient } from '@brisk/testing/api-client';
import { startBrisk, type BriskInstance } from '@brisk/testing/brisk-instance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let brisk: BriskInstance;
let hog: ApiClient;
let neighbour: ApiClient;

beforeAll(async () => {
  brisk = await startBrisk({ workerEnv: { BRISK_WORKER_CONCURRENCY: '16' } });
  hog = new ApiClient(brisk.url, brisk.guestKey);
  neighbour = new ApiClient(brisk.url, brisk.otherKey);
}, 120_000);

afterAll(async () => {
  await brisk?.stop();
});

describe('two namespaces on one worker', () => {
  it("keeps a short action of one under 1 s while the other fills the worker's slots", async () => {
    const slow = `async function main(p) { await new Promise((resolve) => setTimeout(resolve, 4000)); return { n: p.n }; }`;
    expect((await hog.putAction('slow', { exec: { kind: 'nodejs:default', code: slow } })).status).toBe(200);
    expect((await neighbour.putAction('quick', { exec: { kind: 'nodejs:default', code: 'function main() { return { ok: true }; }' } })).status).toBe(200);
    // The neighbour's container is warm before the flood, as a steady user's would be.
    expect((await neighbour.invoke('quick', {}, { blocking: true, result: true })).body).toEqual({ ok: true });

    const flood: string[] = [];
    for (let n = 0; n < 32; n++) {
      const answer = await hog.invoke('slow', { n }, { blocking: false });
      expect(answer.status).toBe(202);
      flood.push(answer.body.activationId as string);
    }
    // Let the flood take the slots (containers start two at a time).
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const answer = await neighbour.invoke('quick', {}, { blocking: true, result: true });
      waits.push(Date.now() - started);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ ok: true });
    }
    console.log(`fairness: the neighbour's short action took ${waits.join(', ')} ms while the flood ran`);
    for (const wait of waits) expect(wait).toBeLessThan(1_000);

    // Every activation of the flood ran, once, whatever waited its turn.
    const deadline = Date.now() + 60_000;
    let finished: any[] = [];
    while (Date.now() < deadline) {
      const list = await hog.request('GET', '/namespaces/_/activations', { query: { name: 'slow', docs: true, limit: 100 } });
      finished = (list.body as any[]).filter((record) => flood.includes(record.activationId));
      if (finished.length === flood.length) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(finished.map((record) => record.response.statusCode)).toEqual(flood.map(() => 0));
    expect(finished.map((record) => record.response.result.n).sort((a, b) => a - b)).toEqual(flood.map((_, n) => n));
  }, 120_000);
});
