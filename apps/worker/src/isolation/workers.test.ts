// Workers side by side (issue 8): a second worker started mid-run, a rolling
// restart, a crashed worker's leftovers, and a container removed under a
// running activation. Real workers (one in a process of its own, killed as a
// crash would), real Docker.
import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../activation/outcome.ts';
import { WorkerHarness, randomId } from './harness.ts';

let harness: WorkerHarness;
const docker = new Docker({ socketPath: '/var/run/docker.sock' });

beforeAll(async () => {
  harness = await WorkerHarness.start('isolation-workers');
}, 120_000);

afterEach(async () => {
  for (const worker of [...harness.workers]) await harness.stopWorker(worker);
}, 120_000);

afterAll(async () => {
  await harness?.close();
}, 120_000);

const SLEEP = `function main(params) { return new Promise((resolve) => setTimeout(() => resolve({ n: params.n }), params.ms)); }`;

const containersOf = async (workerId: string) => docker.listContainers({ all: true, filters: { label: [`brisk.worker=${workerId}`] } });

async function expectAllSucceeded(runs: { record: Promise<{ statusCode: number; response: unknown }> }[]) {
  const records = await Promise.all(runs.map((run) => run.record));
  const failed = records.filter((record) => record.statusCode !== 0).map((record) => record.response);
  expect(failed).toEqual([]);
  expect(records.map((record) => (record.response as { result: { n: number } }).result.n)).toEqual(runs.map((_, n) => n));
}

describe('workers side by side', () => {
  it('loses no activation when a second worker starts on the same host mid-run', async () => {
    const action = await harness.action(`sleep-${randomId()}`, SLEEP);
    const first = await harness.startWorker({ BRISK_WORKER_CONCURRENCY: '16' });
    const runs = Array.from({ length: 16 }, (_, n) => harness.invoke(action, { n, ms: 8_000 }));
    // On a loaded machine not all 16 containers start at once; most must be running.
    await expect.poll(() => first.pool.stats().busy, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(8);
    // Its id is its own (both take the default): it leaves the first worker's containers alone.
    await harness.startWorker();
    expect(first.pool.stats().busy).toBeGreaterThanOrEqual(8);
    await expectAllSucceeded(runs);
  }, 90_000);

  it('loses no activation in a rolling restart (the new worker starts 1 s after the old one is told to stop)', async () => {
    const action = await harness.action(`sleep-${randomId()}`, SLEEP);
    const old = await harness.startWorker({ BRISK_WORKER_CONCURRENCY: '16' });
    const runs = Array.from({ length: 25 }, (_, n) => harness.invoke(action, { n, ms: 5_000 }));
    await expect.poll(() => old.pool.stats().busy, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(8);
    const stopping = harness.stopWorker(old);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await harness.startWorker({ BRISK_WORKER_CONCURRENCY: '16' });
    await expectAllSucceeded(runs);
    await stopping;
  }, 90_000);

  it("removes a crashed worker's containers, directories and uid claims, and nothing of a living worker's", async () => {
    const action = await harness.action(`echo-${randomId()}`, SLEEP);
    const crashing = `crashing-${randomId()}`;
    const child = await harness.spawnWorker(crashing);
    expect((await harness.invoke(action, { n: 0, ms: 1 }).record).statusCode).toBe(0);
    const living = await harness.startWorker();
    // The living worker keeps a warm container too.
    await expect
      .poll(
        async () => {
          await harness.invoke(action, { n: 0, ms: 1 }).record;
          return living.pool.stats().containers;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    expect((await containersOf(crashing)).length).toBeGreaterThan(0);
    const livingContainers = living.pool.stats().containers;
    const root = path.join(harness.scratch, 'sockets');
    expect(await readdir(path.join(root, 'workers'))).toContain(crashing);

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // Its heartbeat expires (three beats of 500 ms); a worker starting then notes it missing, and once it has
    // been missing for four beats, removes what it left. (The living worker would too, within a minute.)
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await harness.startWorker();
    await expect.poll(async () => (await containersOf(crashing)).length, { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => readdir(path.join(root, 'workers')), { timeout: 5_000 }).not.toContain(crashing);
    const claims = await readdir(path.join(root, 'uids'));
    const owners = await Promise.all(claims.map((claim) => readlink(path.join(root, 'uids', claim))));
    expect(owners.filter((target) => target.includes(crashing))).toEqual([]);
    // The living worker's containers are all still there, claims included.
    const cluster = await docker.listContainers({ filters: { label: [`brisk.cluster=${harness.redisPrefix}`] } });
    expect(cluster).toHaveLength(livingContainers);
    expect(owners).toHaveLength(livingContainers);
  }, 90_000);

  it('records an activation whose container was removed under it as the platform’s fault (statusCode 3), not the action’s', async () => {
    const action = await harness.action(`sleep-${randomId()}`, SLEEP);
    const workerId = `removed-${randomId()}`;
    const worker = await harness.startWorker({ BRISK_WORKER_ID: workerId });
    const run = harness.invoke(action, { n: 0, ms: 10_000 });
    await expect.poll(() => worker.pool.stats().busy, { timeout: 30_000, interval: 100 }).toBe(1);
    const [container] = await containersOf(workerId);
    await docker.getContainer(container!.Id).remove({ force: true });
    const record = await run.record;
    expect(record.statusCode).toBe(3);
    expect(record.response).toMatchObject({ status: 'whisk internal error', result: { error: MESSAGES.containerLost } });
  }, 60_000);
});
