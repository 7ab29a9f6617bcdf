// A real worker (BullMQ, Postgres, Docker) under a memory budget far smaller
// than its working set: containers are evicted while activations keep
// coming, and still every activation runs exactly once and has its record.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ACTIVATION_JOB_OPTIONS, ACTIVATION_QUEUE, ensureNamespace, newActivationId, putAction, type ActivationJob, type Caller } from '@brisk/core';
import { createDb } from '@brisk/db';
import { createTestDatabase, type TestDatabase } from '@brisk/testing/database';
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from '@brisk/testing/redis';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkerEnv } from './env.ts';
import { startWorker, type RunningWorker } from './worker.ts';

const ACTIONS = 6;
const ACTIVATIONS = 48;
const BUDGET_MB = 384; // three 128 MB containers for six actions

// Each run leaves a file named after its activation; 'wx' fails if one already exists.
const CODE = `const fs = require('fs');
function main(params) {
  fs.writeFileSync('/effects/' + process.env.__OW_ACTIVATION_ID, String(params.n), { flag: 'wx' });
  return { n: params.n };
}`;

let database: TestDatabase;
let redisPrefix: string;
let scratch: string;
let effects: string;
let worker: RunningWorker;

beforeAll(async () => {
  database = await createTestDatabase('worker');
  redisPrefix = newRedisPrefix();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'brisk-worker-test-'));
  effects = path.join(scratch, 'effects');
  await mkdir(effects);
  await chmod(effects, 0o777); // the action runs as an unprivileged user
  const env = readWorkerEnv({
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    BRISK_REDIS_PREFIX: redisPrefix,
    BRISK_WORKER_ID: `worker-test-${randomBytes(4).toString('hex')}`,
    BRISK_SOCKET_ROOT: path.join(scratch, 'sockets'),
    BRISK_POOL_MEMORY_MB: String(BUDGET_MB),
    BRISK_STEM_CELLS: '',
    // Nor any that recent demand would ask for: the tests count containers.
    BRISK_STEM_CELLS_MAX: '0',
    BRISK_WORKER_CONCURRENCY: '8',
    BRISK_CONTAINER_CREATES: '2',
  });
  worker = await startWorker(env, { log: () => undefined, backend: { extraBinds: [`${effects}:/effects`] } });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await database?.drop();
  if (redisPrefix) await deleteRedisPrefix(redisPrefix);
  if (scratch) await rm(scratch, { recursive: true, force: true });
}, 120_000);

describe('the worker under a small memory budget', () => {
  it('runs every activation exactly once and records it, while evicting containers', async () => {
    const db = createDb(database.url, { poolSize: 2 });
    const queue = new Queue(ACTIVATION_QUEUE, { connection: { url: TEST_REDIS_URL }, prefix: redisPrefix });
    try {
      const namespace = await ensureNamespace(db, 'guest');
      const caller: Caller = { namespaceId: namespace.id, namespace: namespace.name, subject: namespace.name };
      const actions: { id: string; version: string; name: string; kind: string }[] = [];
      for (let i = 0; i < ACTIONS; i++) {
        const name = `effect-${i}`;
        const action = await putAction(
          db,
          caller,
          { packageName: '', name },
          { exec: { kind: 'nodejs:default', code: CODE }, limits: { memory: 128 } },
          { overwrite: false },
        );
        const row = await db.action.findFirstOrThrow({ where: { namespaceId: caller.namespaceId, name }, select: { id: true } });
        actions.push({ id: row.id, version: action.version, name, kind: 'nodejs:18' });
      }

      const ids: string[] = [];
      await Promise.all(
        Array.from({ length: ACTIVATIONS }, (_, n) => {
          const action = actions[n % ACTIONS]!;
          const job: ActivationJob = {
            activationId: newActivationId(),
            namespaceId: caller.namespaceId,
            namespace: caller.namespace,
            subject: caller.subject,
            action: { id: action.id, version: action.version, packageName: '', name: action.name, kind: action.kind },
            params: { n },
            acceptedAt: Date.now(),
          };
          ids.push(job.activationId);
          return queue.add(action.kind, job, { ...ACTIVATION_JOB_OPTIONS, jobId: job.activationId });
        }),
      );

      const deadline = Date.now() + 150_000;
      let records = 0;
      while (records < ACTIVATIONS && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        records = await db.activation.count();
      }
      const rows = await db.activation.findMany({ select: { activationId: true, statusCode: true, result: true } });
      expect(rows).toHaveLength(ACTIVATIONS);
      expect(new Set(rows.map((row) => row.activationId))).toEqual(new Set(ids));
      expect(rows.filter((row) => row.statusCode !== 0)).toEqual([]);

      // One side effect per activation, no more.
      const files = await readdir(effects);
      expect(files.sort()).toEqual([...ids].sort());
      for (const row of rows) {
        expect(await readFile(path.join(effects, row.activationId), 'utf8')).toBe(String((row.result as { n: number }).n));
      }

      const stats = worker.pool.stats();
      expect(stats.evicted).toBeGreaterThan(0);
      expect(stats.maxMemoryMb).toBeLessThanOrEqual(BUDGET_MB);
      expect(stats.createFailures).toBe(0);
    } finally {
      await queue.close();
      await db.$disconnect();
    }
  }, 180_000);
});
