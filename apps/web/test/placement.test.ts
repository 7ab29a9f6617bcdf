// Placement with two workers on one engine: 20 actions invoked round-robin,
// which fit the two pools together but not one, stay warm when each action
// goes to its home worker, and not when both workers take from one shared
// queue (both figures measured here). A worker killed under load leaves
// placement within seconds, and every accepted activation ends with a record.
import { homeWorker, openWorkerQueue } from '@brisk/core';
import { startBrisk, type BriskInstance } from '@brisk/testing/brisk-instance';
import { ApiClient } from '@brisk/testing/api-client';
import { TEST_REDIS_URL } from '@brisk/testing/redis';
import { afterEach, describe, expect, it } from 'vitest';
import { uniqueName, waitFor } from './helpers';

const ACTIONS = 20;
const ACTION_MB = 128;
/** Twelve containers a worker: 20 actions fit two pools, not one. */
const POOL_MB = 12 * ACTION_MB;
const WARM_ROUNDS = 4;

const workerEnv = {
  BRISK_POOL_MEMORY_MB: String(POOL_MB),
  // No stem cells: they would take pool memory and blur what is warm.
  BRISK_STEM_CELLS: '',
  // Nor any that recent demand would ask for: the tests count containers.
  BRISK_STEM_CELLS_MAX: '0',
  // Short locks, so a dead worker's started activations are recorded in seconds (as the worker-crash test).
  BRISK_JOB_LOCK_MS: '1500',
  BRISK_STALLED_INTERVAL_MS: '500',
};

const CODE = `async function main(p) { await new Promise((r) => setTimeout(r, p.sleepMs || 0)); return { n: p.n }; }`;

let brisk: BriskInstance | undefined;

afterEach(async () => {
  await brisk?.stop();
  brisk = undefined;
});

/** Action names whose homes split evenly over the two workers (a hash may give 13 to one; then they would not fit its pool). */
function evenNames(workerIds: string[]): string[] {
  const base = uniqueName('placed');
  const perWorker = new Map(workerIds.map((id) => [id, [] as string[]]));
  for (let i = 0; [...perWorker.values()].some((names) => names.length < ACTIONS / workerIds.length); i++) {
    const name = `${base}-${i}`;
    const names = perWorker.get(homeWorker(`guest/${name}`, workerIds) ?? '');
    if (names && names.length < ACTIONS / workerIds.length) names.push(name);
  }
  return [...perWorker.values()].flat();
}

const isWarm = (record: { annotations: { key: string }[] }) => !record.annotations.some((annotation) => annotation.key === 'initTime');

/** Two workers, 20 actions, one cold round and then WARM_ROUNDS round-robin rounds: the warm share of those. */
async function warmRatio(placement: 'home' | 'shared') {
  // The load below keeps more than the machine-sized default of concurrent activations in one namespace in
  // flight (a dead worker's take a while to be recorded): this measures placement, not the namespace limits.
  brisk = await startBrisk({ env: { BRISK_PLACEMENT: placement, BRISK_CONCURRENT_INVOCATIONS: '1000', BRISK_INVOCATIONS_PER_MINUTE: '60000' }, workerEnv });
  const extra = await brisk.addWorker();
  const workerIds = [brisk.workerId, `${brisk.workerId}-2`];
  const api = new ApiClient(brisk.url, brisk.guestKey);
  const names = evenNames(workerIds);
  for (const name of names) {
    expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: CODE }, limits: { memory: ACTION_MB } })).status).toBe(200);
  }
  // The web reads the workers' heartbeats at most once a second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  for (const name of names) expect((await api.invoke(name, { n: 0 })).status).toBe(200);
  let warm = 0;
  for (let round = 1; round <= WARM_ROUNDS; round++) {
    for (const name of names) {
      const answer = await api.invoke(name, { n: round });
      expect(answer.status).toBe(200);
      expect(answer.body.response.result).toEqual({ n: round });
      if (isWarm(answer.body)) warm++;
    }
  }
  return { ratio: warm / (ACTIONS * WARM_ROUNDS), api, names, workerIds, extra, redisPrefix: brisk.redisPrefix };
}

describe('placement with two workers', () => {
  let homeRatio: number | undefined;

  it('keeps 20 round-robin actions warm, and takes a killed worker out of placement with no activation left pending', async () => {
    const { ratio, api, names, workerIds, extra, redisPrefix } = await warmRatio('home');
    homeRatio = ratio;
    console.log(`placement: warm hits with each action on its home worker: ${(ratio * 100).toFixed(1)} %`);
    expect(ratio).toBeGreaterThanOrEqual(0.95);

    // Load on every action, then the second worker is killed outright in the middle of it.
    const accepted: string[] = [];
    const invokeAll = async (count: number) => {
      for (let n = 0; n < count; n++) {
        const answer = await api.invoke(names[n % names.length]!, { n, sleepMs: 300 }, { blocking: false });
        expect(answer.status).toBe(202);
        accepted.push(answer.body.activationId as string);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await invokeAll(60);
    extra.child.kill('SIGKILL');
    const killedAt = Date.now();
    await invokeAll(60);

    // Its heartbeat lasts three beats (6 s), placement drops it at two and a half; from then on nothing is placed there.
    const deadQueue = openWorkerQueue({ url: TEST_REDIS_URL }, redisPrefix, workerIds[1]!);
    try {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + 7_000 - Date.now())));
      // What was placed there before placement dropped it is drained by the orphaned-queue sweeper once the
      // heartbeat has expired (on a loaded machine that may take a moment past 7 s); then nothing new may arrive.
      await waitFor(async () => (await deadQueue.getJobCountByTypes('waiting', 'prioritized')) === 0, 10_000);
      let placedOnDead = 0;
      const watching = (async () => {
        const until = Date.now() + 4_000;
        while (Date.now() < until) {
          placedOnDead += await deadQueue.getJobCountByTypes('waiting', 'prioritized');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      await invokeAll(40);
      await watching;
      expect(placedOnDead).toBe(0);
    } finally {
      await deadQueue.close();
    }

    // Every accepted activation ends with a record: run (once), or lost with the worker that had started it.
    const records = await waitFor(async () => {
      const found = [];
      for (const id of accepted) {
        const read = await api.request('GET', `/namespaces/_/activations/${id}`);
        if (read.status !== 200 || read.body.response?.status === 'pending') return undefined;
        found.push(read.body);
      }
      return found;
    }, 90_000);
    const lost = records.filter((record) => record.response.statusCode === 3);
    const ran = records.filter((record) => record.response.statusCode === 0);
    expect(ran.length + lost.length).toBe(accepted.length);
    // At most what the killed worker was running (its 16 slots); the rest ran.
    expect(lost.length).toBeLessThanOrEqual(16);
    for (const record of lost) expect(record.response.result.error).toMatch(/lost.*worker.*at most once/);
    console.log(`placement: worker killed under load: ${ran.length} of ${accepted.length} ran, ${lost.length} lost with it`);
  }, 300_000);

  it('measures the shared queue against it: the same 20 actions, both workers taking from one queue', async () => {
    const { ratio } = await warmRatio('shared');
    console.log(`placement: warm hits with one shared queue: ${(ratio * 100).toFixed(1)} % (home workers: ${((homeRatio ?? Number.NaN) * 100).toFixed(1)} %)`);
    expect(ratio).toBeLessThan(homeRatio ?? 0);
  }, 300_000);
});
