// A worker that dies mid-activation: the activation is never run again
// (at most once) and ends as an internal error that says what happened.
import { startBrisk, type BriskInstance } from '@brisk/testing/brisk-instance';
import { ApiClient } from '@brisk/testing/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleeperAction, sleeperLogs } from './fault-support';
import { uniqueName, waitFor } from './helpers';

let brisk: BriskInstance;
let api: ApiClient;

beforeAll(async () => {
  // Short locks so a dead worker's job is noticed in seconds, not half a minute.
  brisk = await startBrisk({ workerEnv: { BRISK_JOB_LOCK_MS: '1500', BRISK_STALLED_INTERVAL_MS: '500' } });
  api = new ApiClient(brisk.url, brisk.guestKey);
});

afterAll(async () => {
  await brisk?.stop();
});

describe('a worker killed mid-activation', () => {
  it('leaves the activation ended as an internal error, never re-run', async () => {
    const name = uniqueName('interrupted');
    await api.putAction(name, {
      exec: {
        kind: 'nodejs:default',
        code: `async function main() { console.log('started'); await new Promise(r => setTimeout(r, 4000)); return { finished: true }; }`,
      },
    });
    const accepted = await api.invoke(name, {}, { blocking: false });
    expect(accepted.status).toBe(202);
    const id = accepted.body.activationId as string;

    // Wait until the action is running in its container, then kill the worker outright.
    await waitFor(async () => (await runningContainers(brisk)) > 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    brisk.worker.child.kill('SIGKILL');
    await brisk.restartWorker();

    const record = await waitFor(async () => {
      const read = await api.request('GET', `/namespaces/_/activations/${id}`);
      return read.body.response?.status !== 'pending' ? read.body : undefined;
    });
    expect(record.response.statusCode).toBe(3);
    expect(record.response.result.error).toMatch(/lost.*worker.*at most once/);

    // Long after the action would have finished, nothing ran it a second time.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const all = await api.request('GET', '/namespaces/_/activations', { query: { name, docs: true } });
    expect(all.body).toHaveLength(1);
    expect(all.body[0].response.statusCode).toBe(3);

    // The new worker serves as usual.
    await api.putAction(`${name}-ok`, { exec: { kind: 'nodejs:default', code: `function main() { return { ok: 1 }; }` } });
    expect((await api.invoke(`${name}-ok`)).body.response.result).toEqual({ ok: 1 });
  });
});

describe('a worker killed with 50 activations accepted', () => {
  it('runs the queued ones once on the restarted worker, ends the running ones as lost, and leaves none pending', async () => {
    const name = uniqueName('crowd');
    await api.putAction(name, sleeperAction(3000));
    const accepted: string[] = [];
    for (let n = 0; n < 50; n++) {
      const answer = await api.invoke(name, { n }, { blocking: false });
      expect(answer.status).toBe(202);
      accepted.push(answer.body.activationId as string);
    }
    const blocking = [100, 101].map((n) => api.invoke(name, { n }, { blocking: true }).then((answer) => ({ answer, at: Date.now() })));
    await waitFor(async () => (await runningContainers(brisk)) >= 4);
    brisk.worker.child.kill('SIGKILL');
    const killedAt = Date.now();
    await brisk.restartWorker();

    // Blocking callers behind the crowd: run by the new worker, answered as usual.
    const answered = await Promise.all(blocking);
    for (const { answer } of answered) {
      expect(answer.status).toBe(200);
      expect(answer.body.response.result.n).toBeGreaterThanOrEqual(100);
    }

    const records = await waitFor(async () => {
      const list = await api.request('GET', '/namespaces/_/activations', { query: { name, docs: true, limit: 200 } });
      const done = (list.body as any[]).filter((record) => accepted.includes(record.activationId));
      return done.length === accepted.length ? done : undefined;
    }, 120_000);
    const ran = records.filter((record) => record.response.statusCode === 0);
    const lost = records.filter((record) => record.response.statusCode === 3);
    expect(ran.length + lost.length).toBe(50);
    // Those the worker held when it died are lost: at most its 16 slots, plus the one job its second consumer
    // (own queue and shared queue, each with a concurrency of at least 1) may hold on its way back; every other ran, once.
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.length).toBeLessThanOrEqual(17);
    for (const record of lost) expect(record.response.result.error).toMatch(/lost.*worker.*at most once/);
    for (const record of ran) expect(sleeperLogs(record)).toEqual([`ran ${record.response.result.n}`]);
    const ns = ran.map((record) => record.response.result.n);
    expect(new Set(ns).size).toBe(ns.length);
    console.log(
      `worker kill: ${ran.length} ran after the restart, ${lost.length} lost; blocking callers answered ${answered.map(({ at }) => at - killedAt).join(', ')} ms after the kill`,
    );
  }, 240_000);
});

async function runningContainers(instance: BriskInstance): Promise<number> {
  const { default: Docker } = await import('dockerode');
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const list = await docker.listContainers({ filters: { label: [`brisk.worker=${instance.workerId}`] } });
  return list.length;
}
