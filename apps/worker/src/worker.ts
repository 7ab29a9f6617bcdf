// The invoker: a BullMQ worker that runs activation jobs in containers.
import {
  ACTIVATION_QUEUE,
  type AlarmFeedDeps,
  Authenticator,
  AcceptedLedger,
  activationJobSchema,
  openAlarmQueue,
  redisDurabilityWarnings,
  deploySettingsFromEnv,
  imageForKind,
  knownKinds,
  openActivationQueue,
  placedWorkersKey,
  RecordWriter,
  type WorkerHeartbeat,
  workerQueueName,
  workerQueueOn,
  SEQUENCE_KIND,
  traceNow,
  workerHeartbeatKey,
  type ActivationJob,
  type ActivationQueue,
} from '@brisk/core';
import { SYSTEM_NAMESPACE, seedSystemCatalog } from '@brisk/core/catalog/system-catalog';
import { createDb, type Db } from '@brisk/db';
import { DelayedError, type Job, Worker } from 'bullmq';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { Redis } from 'ioredis';
import { ActionKeyCache } from './activation/action-keys.ts';
import { ActionEnvironmentCache } from './activation/action-environments.ts';
import { ActionVersionCache } from './activation/action-versions.ts';
import { defaultNamespaceCap, NamespaceShares } from './activation/namespace-shares.ts';
import { recordLostActivation } from './activation/lost-activations.ts';
import { drainWorkerQueue, startOrphanedQueueSweeper } from './placement/orphaned-queues.ts';
import { startReconciler } from './reconcile.ts';
import { startRetention } from './retention.ts';
import { retryWithBackoff } from './retry.ts';
import { runActivation, type RunnerDeps } from './activation/run-activation.ts';
import { alarmFeedOf, runAlarmFeedAction } from './activation/run-platform-action.ts';
import { runSequence } from './activation/run-sequence.ts';
import { type AlarmRunner, startAlarmRunner } from './alarms/alarm-runner.ts';
import { type DeployRunner, startDeployRunner } from './deploy/deploy-runner.ts';
import { createSettle, type Settle } from './activation/settle.ts';
import { apiAgent } from './containers/api-channel.ts';
import { CONTAINER_API_HOST, DockerBackend, type DockerBackendOptions } from './containers/docker-backend.ts';
import type { WorkerEnv } from './env.ts';
import { heartbeatJudge, LeftoverSweeper } from './leftovers.ts';
import { startWorkerMetrics } from './metrics/worker-metrics.ts';
import { ContainerPool } from './pool/container-pool.ts';
import { parseStemCells } from './pool/stem-cells.ts';

export interface RunningWorker {
  pool: ContainerPool;
  /** What job handlers need: the pool, the action versions, live logs. */
  deps: RunnerDeps;
  /** Publishes an activation's completion and writes its record. */
  settle: Settle;
  close(): Promise<void>;
}

export interface WorkerOptions {
  log?: (line: string) => void;
  /** Extra DockerBackend options (tests mount a directory to count side effects). */
  backend?: Partial<DockerBackendOptions>;
}

/** How long a job of a namespace at its share waits in its slot for a share, and then in the queue. */
const BUSY_NAMESPACE_HOLD_MS = 200;
const BUSY_NAMESPACE_RETRY_MS = 50;

export async function startWorker(env: WorkerEnv, options: WorkerOptions = {}): Promise<RunningWorker> {
  const log = options.log ?? console.log;
  const db: Db = createDb(env.DATABASE_URL);
  const publisher = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  const docker = dockerFrom(env.DOCKER_HOST);
  const heartbeatKey = workerHeartbeatKey(env.BRISK_REDIS_PREFIX, env.BRISK_WORKER_ID);
  let statsOf: ContainerPool | undefined;
  // What this worker runs, in every heartbeat: an activation whose job Redis lost is still known to be running.
  const runningIds = new Set<string>();
  // Placement's queue of this worker: the web sends an action's activations to its home worker's.
  const ownQueue = workerQueueOn(publisher, env.BRISK_REDIS_PREFIX, env.BRISK_WORKER_ID);
  /** Set once the worker takes from its own queue: only then does the web place work on it. */
  let placeable = false;
  const beat = async () => {
    const heartbeat: WorkerHeartbeat = { at: Date.now(), everyMs: env.BRISK_HEARTBEAT_MS, running: [...runningIds] };
    const stats = statsOf?.stats();
    if (stats) heartbeat.pool = { ...stats };
    if (placeable) {
      const queued = await ownQueue.getJobCountByTypes('waiting', 'prioritized').catch(() => 0);
      heartbeat.placement = { slots: env.BRISK_WORKER_CONCURRENCY, queued };
    }
    const beating = publisher.multi().set(heartbeatKey, JSON.stringify(heartbeat), 'PX', env.BRISK_HEARTBEAT_MS * 3);
    // Listed with every beat, not once: a Redis that lost its data must find this worker's queue again before the
    // web places jobs there, or the whereabouts would not look in it and call its jobs lost.
    if (heartbeat.placement) beating.sadd(placedWorkersKey(env.BRISK_REDIS_PREFIX), env.BRISK_WORKER_ID);
    await beating.exec().catch(() => undefined);
  };
  // Alive before anything else: from now on no other worker takes this one's containers for leftovers.
  await beat();
  for (const warning of await redisDurabilityWarnings(publisher)) log(`worker: WARNING: ${warning}`);
  const heartbeat = setInterval(() => void beat(), env.BRISK_HEARTBEAT_MS);
  heartbeat.unref();

  // A heartbeat lives three beats; missing for a fourth, its worker is dead.
  const deadAfterMs = env.BRISK_HEARTBEAT_MS * 4;
  const judge = heartbeatJudge(publisher, env.BRISK_REDIS_PREFIX, deadAfterMs);
  // The runtime images (they have /bin/sh) send their output through pipes the worker reads directly.
  const runtimeImages = new Set(
    knownKinds()
      .map(imageForKind)
      .filter((image) => image !== undefined),
  );
  const apiUrl = new URL(env.BRISK_API_URL);
  const agent = apiAgent(apiUrl);
  const deploySettings = deploySettingsFromEnv(process.env);
  const backend = new DockerBackend({
    docker,
    socketRoot: env.BRISK_SOCKET_ROOT,
    workerId: env.BRISK_WORKER_ID,
    cluster: env.BRISK_REDIS_PREFIX,
    isWorkerAlive: (id) => judge.isAlive(id),
    uids: { base: env.BRISK_CONTAINER_UID_BASE, count: env.BRISK_CONTAINER_UID_COUNT },
    allowNetwork: env.BRISK_ALLOW_EGRESS,
    directLogs: (image) => runtimeImages.has(image),
    apiChannel: { apiUrl, agent },
    ...options.backend,
  });
  // A worker that crashed leaves running containers; the living ones clean up after it.
  const sweeper = new LeftoverSweeper(backend, judge, deadAfterMs, log);
  await sweeper.start();
  const pool = new ContainerPool(backend, {
    memoryBudgetMb: env.BRISK_POOL_MEMORY_MB,
    idleTimeoutMs: env.BRISK_IDLE_TIMEOUT_MS,
    maxConcurrentCreates: env.BRISK_CONTAINER_CREATES,
    stemCells: parseStemCells(env.BRISK_STEM_CELLS),
    stemDemand: { windowMs: env.BRISK_STEM_DEMAND_WINDOW_MS, maxPerSpec: env.BRISK_STEM_CELLS_MAX, maxMemoryMb: Math.floor(env.BRISK_POOL_MEMORY_MB / 4) },
    onError: (error) => log(`worker: ${String(error)}`),
  });
  statsOf = pool;
  const keys = new ActionKeyCache(db, deploySettings.secretsKey);
  const deps: RunnerDeps = {
    pool,
    actions: new ActionVersionCache(db),
    environments: new ActionEnvironmentCache(db, deploySettings.secretsKey),
    publisher,
    redisPrefix: env.BRISK_REDIS_PREFIX,
    api: { host: CONTAINER_API_HOST, keyFor: (namespace) => keys.keyFor(namespace) },
  };
  const writer = RecordWriter.connect(env.DATABASE_URL, (error) => log(`worker: writing activation records: ${String(error)}`));
  const metrics = startWorkerMetrics({
    redis: publisher,
    prefix: env.BRISK_REDIS_PREFIX,
    workerId: env.BRISK_WORKER_ID,
    everyMs: env.BRISK_METRICS_PUBLISH_MS,
    actionsPerNamespace: env.BRISK_METRICS_ACTIONS_PER_NAMESPACE,
    poolStats: () => pool.stats(),
    log,
  });
  const settle = createSettle(publisher, writer, env.BRISK_REDIS_PREFIX, log, metrics.activations);
  // Alarm ticks invoke too: what they enqueue is noted like the API's.
  const accepted = AcceptedLedger.connect(env.DATABASE_URL, (error) => log(`worker: noting accepted activations: ${String(error)}`));
  const lookups = openActivationQueue(publisher, env.BRISK_REDIS_PREFIX);
  const alarmQueue = openAlarmQueue(publisher, env.BRISK_REDIS_PREFIX);
  const authenticator = new Authenticator(db);
  const feedDeps: AlarmFeedDeps = { db, alarms: alarmQueue, authenticate: (key) => authenticator.authenticate(key) };

  const shares = new NamespaceShares(env.BRISK_NAMESPACE_MAX_SLOTS ?? defaultNamespaceCap(env.BRISK_WORKER_CONCURRENCY));
  // Two BullMQ consumers share one slot budget (below). Each may take what the other's jobs leave of it, counting
  // every job a consumer holds (running, waiting for its namespace's share, on its way back to the queue): a
  // job held by a worker that dies is lost, so the worker holds at most its slots, plus the one job the other
  // consumer may take while the first holds them all (BullMQ's concurrency is at least 1).
  const slots = env.BRISK_WORKER_CONCURRENCY;
  const heldOn = { own: 0, shared: 0 };
  let runningCount = 0;
  const consumers: Record<'own' | 'shared', Worker<ActivationJob, void, string>> = {} as never;
  const rebalance = () => {
    if (!consumers.own || !consumers.shared) return;
    consumers.own.concurrency = Math.max(1, slots - heldOn.shared);
    consumers.shared.concurrency = Math.max(1, slots - heldOn.own);
  };
  let holding = 0;
  const holdForShare = async (namespaceId: string): Promise<boolean> => {
    // Past the slots (each consumer keeps a concurrency of one, so together they may take one more) a job that
    // would wait goes back at once; one whose namespace has room runs, so a flood cannot keep a neighbour out.
    if (heldOn.own + heldOn.shared > slots || runningCount + holding >= slots) return false;
    holding++;
    try {
      return await shares.take(namespaceId, BUSY_NAMESPACE_HOLD_MS);
    } finally {
      holding--;
    }
  };
  const processJob = async (job: Job<ActivationJob, void, string>, token: string | undefined, side: 'own' | 'shared') => {
    heldOn[side]++;
    rebalance();
    try {
      await processHeldJob(job, token);
    } finally {
      heldOn[side]--;
      rebalance();
    }
  };
  const processHeldJob = async (job: Job<ActivationJob, void, string>, token: string | undefined) => {
    const marks = job.data.trace ? { picked: traceNow() } : undefined;
    // Checked anyway: whatever is in Redis was written by some other process.
    const data = activationJobSchema.parse(job.data);
    // At its namespace's share, a job waits in its slot for one of the namespace's activations to end (so a
    // namespace with thousands queued cannot make the worker spin through them), then goes back to the queue.
    // Held jobs count against the worker's slots as they did with one queue: past them a job bounces at once, so
    // the two consumers never hold more jobs than the worker has slots (a job held when the worker dies is lost).
    if (!shares.tryTake(data.namespaceId) && !(await holdForShare(data.namespaceId))) {
      // Not an attempt, and not run: back in the queue shortly, at its priority.
      await job.moveToDelayed(Date.now() + BUSY_NAMESPACE_RETRY_MS, token);
      throw new DelayedError();
    }
    runningIds.add(data.activationId);
    runningCount++;
    try {
      const feed = alarmFeedOf(data);
      if (feed) {
        await settle(data, await runAlarmFeedAction(feedDeps, data, feed), marks);
        return;
      }
      if (data.action.kind === SEQUENCE_KIND) {
        await settle(data, await runSequence({ ...deps, db, settle }, data), marks);
        return;
      }
      // The record is published and written before the container goes back to the pool.
      await runActivation(deps, data, { settle: (record) => settle(data, record, marks), ...(marks ? { marks } : {}) });
    } finally {
      runningIds.delete(data.activationId);
      runningCount--;
      shares.release(data.namespaceId);
    }
  };
  // Two BullMQ workers, one slot budget: the own queue (what placement sent here) and the shared one (overflow,
  // and jobs placed by nobody). Each may take what the other's running activations leave of
  // BRISK_WORKER_CONCURRENCY (at least one, so neither starves), so the worker runs about as many at once as
  // it did with one queue.
  const workerOptions = {
    prefix: env.BRISK_REDIS_PREFIX,
    concurrency: slots,
    // At most once: a job whose worker vanished is failed, never run again.
    maxStalledCount: 0,
    lockDuration: env.BRISK_JOB_LOCK_MS,
    stalledInterval: env.BRISK_STALLED_INTERVAL_MS,
  };
  const consume = (side: 'own' | 'shared', queueName: string, queue: ActivationQueue) => {
    const consumer = new Worker<ActivationJob, void, string>(queueName, (job, token) => processJob(job, token, side), {
      ...workerOptions,
      connection: new Redis(env.REDIS_URL, { maxRetriesPerRequest: null }),
      autorun: false,
    });
    consumer.on('stalled', (jobId) => {
      // Until it is written: Postgres may be down right when the worker that died is noticed.
      retryWithBackoff(() => recordLostActivation({ db, queue, settle }, jobId), {
        onRetry: (error, delayMs) => log(`worker: could not record lost activation ${jobId} (${error.message}); again in ${delayMs} ms`),
      })
        .then((recorded) => recorded && log(`worker: activation ${jobId} was lost with its worker; recorded as an internal error`))
        .catch((error: Error) => log(`worker: gave up recording lost activation ${jobId}: ${error.message}`));
    });
    consumer.on('failed', (job, error) => log(`worker: activation ${job?.id ?? '?'} failed: ${error.message}`));
    consumer.on('error', (error) => log(`worker: ${error.message}`));
    consumers[side] = consumer;
  };
  consume('shared', ACTIVATION_QUEUE, lookups);
  consume('own', workerQueueName(env.BRISK_WORKER_ID), ownQueue);
  await publisher.sadd(placedWorkersKey(env.BRISK_REDIS_PREFIX), env.BRISK_WORKER_ID);
  const orphans = startOrphanedQueueSweeper({
    db,
    redis: publisher,
    redisPrefix: env.BRISK_REDIS_PREFIX,
    shared: lookups,
    settle,
    workerId: env.BRISK_WORKER_ID,
    everyMs: env.BRISK_HEARTBEAT_MS,
    log,
  });
  let deployments: DeployRunner | undefined;
  let alarms: AlarmRunner | undefined;
  const reconciler = startReconciler({
    db,
    redis: publisher,
    redisPrefix: env.BRISK_REDIS_PREFIX,
    queue: lookups,
    settle,
    everyMs: env.BRISK_RECONCILE_INTERVAL_MS,
    log,
  });
  const retention = startRetention({
    db,
    redis: publisher,
    redisPrefix: env.BRISK_REDIS_PREFIX,
    everyMs: env.BRISK_RETENTION_INTERVAL_MS,
    log,
  });
  const running: RunningWorker = {
    pool,
    deps,
    settle,
    async close() {
      orphans.stop();
      // Placed here no more; what is still queued here goes to the shared queue once nothing runs.
      placeable = false;
      await beat();
      retention.stop();
      reconciler.stop();
      await sweeper.stop();
      await deployments?.close();
      await alarms?.close();
      await Promise.all([consumers.own.close(), consumers.shared.close()]);
      await drainWorkerQueue({ db, redis: publisher, shared: lookups, settle }, ownQueue).catch((error: Error) =>
        log(`worker: moving its queued activations to the shared queue: ${error.message}`),
      );
      await alarmQueue.close();
      await lookups.close();
      await accepted.close();
      await writer.close();
      await pool.close();
      agent.destroy();
      await backend.close().catch((error: Error) => log(`worker: removing its directory: ${error.message}`));
      // Its series leave /metrics with it.
      await metrics.publisher.stop();
      // Beating until here: while it drains, its containers are a living worker's.
      clearInterval(heartbeat);
      await publisher.del(heartbeatKey).catch(() => undefined);
      publisher.disconnect();
      await db.$disconnect();
    },
  };
  try {
    // Only now, with every listener attached: the activation worker is already
    // checking for stalled jobs, and a 'stalled' event heard by no one is an
    // activation left pending for ever.
    const catalog = await seedSystemCatalog({ db, redis: publisher, redisPrefix: env.BRISK_REDIS_PREFIX });
    if (catalog.changed.length > 0) log(`worker: the /${SYSTEM_NAMESPACE} catalog is now ${catalog.version} (${catalog.changed.length} entities changed)`);
    alarms = await startAlarmRunner({
      deps: { db, redis: publisher, redisPrefix: env.BRISK_REDIS_PREFIX, activationQueue: lookups, records: writer, accepted },
      queue: alarmQueue,
      redisUrl: env.REDIS_URL,
      log,
    });
    deployments = await startDeployRunner({
      db,
      redisUrl: env.REDIS_URL,
      redisPrefix: env.BRISK_REDIS_PREFIX,
      settings: deploySettings,
      scratchDir: path.join(env.BRISK_DEPLOY_SCRATCH ?? os.tmpdir(), `brisk-deploy-${env.BRISK_WORKER_ID}`),
      log,
    });
    // Taking activations last: the stalled checks start with run(), and their listeners are attached.
    for (const consumer of [consumers.shared, consumers.own]) void consumer.run().catch((error: Error) => log(`worker: ${error.message}`));
    await Promise.all([consumers.shared.waitUntilReady(), consumers.own.waitUntilReady()]);
    placeable = true;
    await beat();
  } catch (error) {
    // A worker that could not start must not stay counted alive, nor keep containers.
    await running.close().catch(() => undefined);
    throw error;
  }
  return running;
}

function dockerFrom(dockerHost: string | undefined): Docker {
  if (dockerHost?.startsWith('unix://')) return new Docker({ socketPath: dockerHost.slice('unix://'.length) });
  return new Docker({ socketPath: '/var/run/docker.sock' });
}
