// Redis killed (-9) under load and restarted empty, as a Redis that keeps
// nothing on disk would come back: against a Brisk with a Redis of its own.
// Every accepted activation ends as a record (it ran, or statusCode 3 saying
// the queue lost it and it did not run), none is pending after 2 minutes,
// blocking callers hear within 10 s of the fault, and requests while Redis
// is down get 503.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '@brisk/testing/api-client';
import { startBrisk, type BriskInstance } from '@brisk/testing/brisk-instance';
import { freePort } from '@brisk/testing/processes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endedRecords, sleeperAction, sleeperLogs } from './fault-support';

let brisk: BriskInstance;
let api: ApiClient;
let redis: ChildProcess | undefined;
let redisPort: number;
let redisDir: string;

/** A Redis that keeps nothing: what it held is gone when it stops. */
async function startRedis(): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
  });
  return child;
}

beforeAll(async () => {
  redisPort = await freePort();
  redisDir = await mkdtemp(path.join(os.tmpdir(), 'brisk-redis-'));
  redis = await startRedis();
  brisk = await startBrisk({ env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` }, workerEnv: { BRISK_RECONCILE_INTERVAL_MS: '1000' } });
  api = new ApiClient(brisk.url, brisk.guestKey);
}, 120_000);

afterAll(async () => {
  await brisk?.stop();
  redis?.kill('SIGKILL');
  await rm(redisDir, { recursive: true, force: true });
});

describe('Redis lost under load', () => {
  it('ends every accepted activation as a record, answers blocking callers within 10 s and refuses with 503 meanwhile', async () => {
    expect((await api.putAction('sleeper', { ...sleeperAction(4000), limits: { timeout: 20_000 } })).status).toBe(200);
    // Warm: the first container is not part of the fault.
    expect((await api.invoke('sleeper', { n: -1 }, { blocking: true, result: true })).status).toBe(200);

    const accepted: string[] = [];
    for (let n = 0; n < 50; n++) {
      const answer = await api.invoke('sleeper', { n }, { blocking: false });
      expect(answer.status).toBe(202);
      accepted.push(answer.body.activationId as string);
    }
    // Blocking callers behind the 50: queued, so Redis takes their jobs with it.
    const blocking = Array.from({ length: 3 }, (_, i) =>
      api.invoke('sleeper', { n: 100 + i }, { blocking: true }).then((answer) => ({ answer, at: Date.now() })),
    );
    // Let the noted-as-accepted writes land and the first activations start.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    redis!.kill('SIGKILL');
    const faultAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const during = await api.invoke('sleeper', { n: 999 }, { blocking: false });
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    redis = await startRedis();

    const answered = await Promise.all(blocking);
    for (const { answer, at } of answered) {
      expect(at - faultAt).toBeLessThan(10_000);
      expect(answer.status).toBe(500);
      expect(answer.body.response.result.error).toMatch(/the queue lost it before any worker ran it/);
    }

    // Within 2 minutes every accepted id is a finished record: it ran once, or it is said to be lost.
    const records = await endedRecords(api, accepted, { timeoutMs: 120_000, strict: true });
    expect(records.size).toBe(accepted.length);
    const ran = [...records.values()].filter((record) => record.statusCode === 0);
    const lost = [...records.values()].filter((record) => record.statusCode === 3);
    expect(ran.length + lost.length).toBe(accepted.length);
    console.log(
      `fault: ${ran.length} ran, ${lost.length} recorded as lost; blocking callers answered ${answered.map(({ at }) => at - faultAt).join(', ')} ms after the kill`,
    );
    // Those running at the fault finished on their worker; the queued ones were lost and never ran.
    expect(ran.length).toBeGreaterThan(0);
    expect(lost.length).toBeGreaterThan(0);
    for (const record of ran) expect(sleeperLogs(record)).toEqual([`ran ${record.response.result.n}`]);
    for (const record of lost) {
      expect(record.response.result.error).toMatch(/It did not run/);
      expect(record.logs).toEqual([]);
    }

    // And Brisk goes on working on the new Redis.
    const after = await api.invoke('sleeper', { n: 7 }, { blocking: true, result: true });
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ n: 7 });
  }, 240_000);
});
