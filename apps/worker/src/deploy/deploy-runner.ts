// The worker's side of push-to-deploy: takes deployments off their queue,
// several at once but one per source (a source's deployments run in the order
// they were made; one that finds its source busy waits a moment and tries
// again), and puts back any that were recorded while Redis could not take them.
import { mkdir } from 'node:fs/promises';
import {
  DEPLOY_QUEUE,
  type DeployJob,
  type DeploySettings,
  enqueueDeployment,
  openDeployQueue,
  runDeployment,
  strandedDeployments,
  takeSourceTurn,
} from '@brisk/core';
import type { Db } from '@brisk/db';
import { DelayedError, Worker } from 'bullmq';
import { Redis } from 'ioredis';

export interface DeployRunnerOptions {
  db: Db;
  redisUrl: string;
  redisPrefix: string;
  settings: DeploySettings;
  scratchDir: string;
  log: (line: string) => void;
}

export interface DeployRunner {
  close(): Promise<void>;
}

const SWEEP_EVERY_MS = 30_000;
/** How long a deployment whose source is busy waits before it asks again. */
const BUSY_SOURCE_RETRY_MS = 500;
/** A deployment queued longer than this without a job is taken to be stranded. */
const STRANDED_AFTER_MS = 60_000;

export async function startDeployRunner(options: DeployRunnerOptions): Promise<DeployRunner> {
  const { db, log } = options;
  await mkdir(options.scratchDir, { recursive: true, mode: 0o700 });
  const publisher = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const deps = { db, redis: publisher, redisPrefix: options.redisPrefix, settings: options.settings, scratchDir: options.scratchDir };
  const worker = new Worker<DeployJob, void, string>(
    DEPLOY_QUEUE,
    async (job, token) => {
      const attempts = job.opts.attempts ?? 1;
      const row = await db.deployment.findUnique({ where: { id: job.data.deploymentId }, select: { sourceId: true } });
      const turn = row?.sourceId ? await takeSourceTurn(publisher, options.redisPrefix, row.sourceId) : undefined;
      if (row?.sourceId && !turn) {
        // Not an attempt: a delayed job keeps its attempts and, behind the one running, its place.
        await job.moveToDelayed(Date.now() + BUSY_SOURCE_RETRY_MS, token);
        throw new DelayedError();
      }
      try {
        await runDeployment(deps, job.data.deploymentId, { lastAttempt: job.attemptsMade + 1 >= attempts });
      } finally {
        await turn?.release();
      }
    },
    {
      connection: new Redis(options.redisUrl, { maxRetriesPerRequest: null }),
      prefix: options.redisPrefix,
      concurrency: options.settings.concurrency,
    },
  );
  worker.on('failed', (job, error) => log(`worker: deployment ${job?.data.deploymentId ?? '?'} attempt failed: ${error.message}`));
  worker.on('error', (error) => log(`worker: deployments: ${error.message}`));

  const queue = openDeployQueue(publisher, options.redisPrefix);
  const sweep = async () => {
    for (const id of await strandedDeployments(db, STRANDED_AFTER_MS)) {
      const job = await queue.getJob(id);
      if (!job) {
        log(`worker: deployment ${id} was not on the queue; queued again`);
        await enqueueDeployment(queue, id);
      }
    }
  };
  const sweeper = setInterval(() => void sweep().catch((error: Error) => log(`worker: deployments sweep: ${error.message}`)), SWEEP_EVERY_MS);
  sweeper.unref();
  await worker.waitUntilReady();
  return {
    async close() {
      clearInterval(sweeper);
      await worker.close();
      await queue.close();
      publisher.disconnect();
    },
  };
}
