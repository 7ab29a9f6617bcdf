// A real Brisk for a test run: its own database and Redis prefix, the Next
// production server and a worker as child processes, real Docker containers.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNamespaceKey, seedGuestNamespace } from '@brisk/core';
import { createDb } from '@brisk/db';
import Docker from 'dockerode';
import { createTestDatabase } from './database.ts';
import { freePort, startProcess, type ManagedProcess } from './processes.ts';
import { deleteRedisPrefix, newRedisPrefix, TEST_REDIS_URL } from './redis.ts';
import { REPO_ROOT } from './database.ts';

/** What tests get to talk to a running Brisk. */
export interface BriskEndpoint {
  url: string;
  guestKey: string;
  /** A key of a second namespace, for isolation tests. */
  otherKey: string;
  otherNamespace: string;
  databaseUrl: string;
  redisPrefix: string;
  workerId: string;
}

export interface BriskInstance extends BriskEndpoint {
  web: ManagedProcess;
  worker: ManagedProcess;
  /** Starts a (new) worker process, e.g. after a test killed one. */
  restartWorker(): Promise<void>;
  /** Starts one more worker, with a worker id of its own, beside the first; stopped with the rest. */
  addWorker(): Promise<ManagedProcess>;
  stop(): Promise<void>;
}

const WEB_DIR = path.join(REPO_ROOT, 'apps/web');

export interface BriskOptions {
  /** More environment for the worker only. */
  workerEnv?: Record<string, string>;
  /** More environment for the web and the worker. */
  env?: Record<string, string>;
  /** A migrated database elsewhere (a fault test's own server), instead of a fresh one on the shared server. */
  databaseUrl?: string;
}

export async function startBrisk(options: BriskOptions = {}): Promise<BriskInstance> {
  if (!existsSync(path.join(WEB_DIR, '.next/BUILD_ID'))) {
    throw new Error('apps/web has no production build: run `npm run build` (npm test does this) before the integration tests.');
  }
  const database = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const redisPrefix = newRedisPrefix();
  const workerId = `test-${redisPrefix.slice(-12)}`;
  const logDir = await mkdtemp(path.join(os.tmpdir(), 'brisk-test-'));

  const db = createDb(database.url, { poolSize: 2 });
  const guest = await seedGuestNamespace(db);
  const otherNamespace = 'other';
  const otherKey = await createNamespaceKey(db, otherNamespace);
  await db.$disconnect();

  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    BRISK_REDIS_PREFIX: redisPrefix,
    BRISK_WORKER_ID: workerId,
    BRISK_SOCKET_ROOT: path.join(logDir, 'sockets'),
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
    // A key of the run's own for sealing sources' secrets.
    BRISK_SECRETS_KEY: randomBytes(32).toString('base64'),
    // The tests' git servers are on loopback.
    BRISK_DEPLOY_ALLOW_PRIVATE_NETWORK: 'true',
    BRISK_DEPLOY_SCRATCH: logDir,
    // Where the worker passes actions' calls to the API on (__OW_API_HOST).
    BRISK_API_URL: `http://127.0.0.1:${port}`,
    // The suite sends bad keys on purpose, hundreds a minute from loopback;
    // the limit itself is tested with a Brisk of its own (auth-limits.test.ts).
    BRISK_FAILED_AUTH_PER_KEY: '1000000',
    BRISK_FAILED_AUTH_PER_CLIENT: '1000000',
    ...options.env,
  };
  // CPU profiles of web and workers (written as they exit), for `npm run bench -- --profile DIR`.
  const profile = process.env.BRISK_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BRISK_CPU_PROFILE_DIR}`] : [];
  const web = startProcess(
    process.execPath,
    [...profile, '--import', 'tsx', path.join(WEB_DIR, 'server.ts'), '--port', String(port), '--hostname', '127.0.0.1'],
    {
      cwd: WEB_DIR,
      env,
      logFile: path.join(logDir, 'web.log'),
    },
  );
  let workerCount = 0;
  const launchWorker = (id = workerId) =>
    startProcess(process.execPath, [...profile, '--import', 'tsx', path.join(REPO_ROOT, 'apps/worker/src/main.ts')], {
      cwd: REPO_ROOT,
      env: { ...env, ...options.workerEnv, BRISK_WORKER_ID: id },
      logFile: path.join(logDir, `worker-${++workerCount}.log`),
    });
  const extraWorkers: { id: string; process: ManagedProcess }[] = [];

  const instance: BriskInstance = {
    url: `http://127.0.0.1:${port}`,
    guestKey: guest.createdKey!,
    otherKey,
    otherNamespace,
    databaseUrl: database.url,
    redisPrefix,
    workerId,
    web,
    worker: launchWorker(),
    async restartWorker() {
      await instance.worker.stop();
      instance.worker = launchWorker();
      await instance.worker.waitForOutput(/taking activations/, 30_000);
    },
    async addWorker() {
      const id = `${workerId}-${extraWorkers.length + 2}`;
      const extra = launchWorker(id);
      extraWorkers.push({ id, process: extra });
      await extra.waitForOutput(/taking activations/, 60_000);
      return extra;
    },
    async stop() {
      await Promise.allSettled([instance.web.stop(), instance.worker.stop(), ...extraWorkers.map((extra) => extra.process.stop())]);
      for (const id of [workerId, ...extraWorkers.map((extra) => extra.id)]) await removeWorkerContainers(id);
      await database.drop();
      await deleteRedisPrefix(redisPrefix);
      await rm(logDir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all([web.waitForOutput(/Ready in/, 60_000), instance.worker.waitForOutput(/taking activations/, 60_000)]);
  } catch (error) {
    await instance.stop();
    throw error;
  }
  return instance;
}

/** Removes every container a worker id labelled (a worker killed outright leaves its own). */
export async function removeWorkerContainers(workerId: string): Promise<void> {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`brisk.worker=${workerId}`] } });
  await Promise.all(
    leftovers.map((info) =>
      docker
        .getContainer(info.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}
