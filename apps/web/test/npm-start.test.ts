// `npm start` as an operator runs it, against a database, Redis prefix and
// port of the test's own: a worker killed outright is started again by
// start.ts's supervisor and serves within 10 s; `npm run worker` adds a
// worker that takes activations beside it.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '@brisk/testing/api-client';
import { removeWorkerContainers } from '@brisk/testing/brisk-instance';
import { createTestDatabase, REPO_ROOT, type TestDatabase } from '@brisk/testing/database';
import { freePort, type ManagedProcess, startProcess } from '@brisk/testing/processes';
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing/redis';
import { parsePrometheusText, sumOf } from '@brisk/testing/prometheus-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './helpers';

let database: TestDatabase;
let dir: string;
let start: ManagedProcess;
let api: ApiClient;
let port: number;
let startEnv: NodeJS.ProcessEnv;
const redisPrefix = newRedisPrefix();
const workerId = `test-start-${redisPrefix.slice(-8)}`;

beforeAll(async () => {
  database = await createTestDatabase('npm-start');
  dir = await mkdtemp(path.join(os.tmpdir(), 'brisk-npm-start-'));
  port = await freePort();
  startEnv = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    BRISK_REDIS_PREFIX: redisPrefix,
    BRISK_WORKER_ID: workerId,
    BRISK_SOCKET_ROOT: path.join(dir, 'sockets'),
    BRISK_WSKPROPS: path.join(dir, 'wskprops'),
    BRISK_SECRETS_KEY: randomBytes(32).toString('base64'),
  };
  start = startProcess(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/start.ts')], {
    cwd: REPO_ROOT,
    env: startEnv,
    logFile: path.join(dir, 'start.log'),
  });
  await start.waitForOutput(/\[worker\] .*taking activations/, 120_000);
  await start.waitForOutput(/\[web\] .*Ready in/, 60_000);
  const key = /^AUTH=(.+)$/m.exec(await readFile(path.join(dir, 'wskprops'), 'utf8'))![1]!;
  api = new ApiClient(`http://127.0.0.1:${port}`, key);
}, 180_000);

afterAll(async () => {
  await start?.stop();
  await removeWorkerContainers(workerId);
  await removeWorkerContainers(`${workerId}-2`);
  await deleteRedisPrefix(redisPrefix);
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('starts a worker killed outright again, serving within 10 s', async () => {
    const name = uniqueName('after-crash');
    expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: 'function main() { return { served: true }; }' } })).status).toBe(200);
    expect((await api.invoke(name)).body.response.result).toEqual({ served: true });

    const log = await readFile(path.join(dir, 'start.log'), 'utf8');
    const pid = Number(/\[brisk\] worker started \(pid (\d+)\)/.exec(log)![1]);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await start.waitForOutput(/\[brisk\] worker exited \(killed by SIGKILL\); starting it again in 1 s/, 5_000);
    // Served again: a blocking invoke answers with the result.
    for (;;) {
      const run = await api.invoke(name);
      if (run.status === 200) {
        expect(run.body.response.result).toEqual({ served: true });
        break;
      }
      if (Date.now() - killedAt > 10_000) throw new Error(`not served 10 s after the kill (last answer ${run.status})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(Date.now() - killedAt).toBeLessThan(10_000);
  });
});

describe('npm run worker', () => {
  it('adds a worker that takes activations beside the first', async () => {
    const extraId = `${workerId}-2`;
    const extra = startProcess(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/worker.ts')], {
      cwd: REPO_ROOT,
      env: { ...startEnv, BRISK_WORKER_ID: extraId, BRISK_METRICS_PUBLISH_MS: '500' },
      logFile: path.join(dir, 'worker.log'),
    });
    try {
      await extra.waitForOutput(/\[worker\] .*taking activations/, 120_000);
      const name = uniqueName('two-workers');
      const code = 'async function main() { await new Promise((resolve) => setTimeout(resolve, 1000)); return { ok: true }; }';
      expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code } })).status).toBe(200);
      // More at once than one worker lets a namespace run (14 of its 16 slots).
      const runs = await Promise.all(Array.from({ length: 30 }, () => api.invoke(name)));
      expect(runs.map((run) => run.status)).toEqual(runs.map(() => 200));

      // Each worker's count of this action, from the cluster's /metrics.
      const counted = async () => {
        const samples = parsePrometheusText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
        const of = (worker: string) => sumOf(samples, 'openwhisk_action_activations_total', { action: name, worker });
        return { first: of(workerId), extra: of(extraId) };
      };
      const deadline = Date.now() + 20_000;
      let counts = await counted();
      while (counts.first + counts.extra < 30 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        counts = await counted();
      }
      expect(counts.first + counts.extra).toBe(30);
      expect(counts.extra).toBeGreaterThan(0);
      expect(counts.first).toBeGreaterThan(0);
    } finally {
      await extra.stop();
    }
  }, 180_000);
});
