// A worker's own queue outlives the worker: when its heartbeat is gone (it
// died, or stopped), one living worker (under a lock) empties the queue by
// the at-most-once rule. A job not yet started is moved to the shared queue,
// where any worker runs it (removed first, then added: a job lost between
// the two is missing, and the reconciler records it as lost, never as run
// twice). A job that was started is recorded as lost once its lock has
// expired, as BullMQ's stalled check does for the shared queue: nobody else
// watches a dead worker's queue for stalled jobs.
import { ACTIVATION_JOB_OPTIONS, type ActivationQueue, placedWorkersKey, workerHeartbeatKey, workerQueueOn } from '@brisk/core';
import type { Db } from '@brisk/db';
import type { Redis } from 'ioredis';
import { recordLostActivation } from '../activation/lost-activations.ts';
import type { Settle } from '../activation/settle.ts';
import { startLockedTask } from '../locked-task.ts';

/** A dead worker with an empty queue is forgotten after this long (a restart with the same id may still come). */
const FORGET_AFTER_MS = 10 * 60_000;
const PER_PASS = 500;

export interface DrainDeps {
  db: Db;
  redis: Redis;
  shared: ActivationQueue;
  settle: Settle;
}

/** Moves the queue's unstarted jobs to the shared queue and records its unlocked active ones as lost; returns the jobs left. */
export async function drainWorkerQueue(deps: DrainDeps, queue: ActivationQueue): Promise<number> {
  for (const job of await queue.getJobs(['prioritized', 'waiting', 'delayed'], 0, PER_PASS - 1)) {
    if (!job.id) continue;
    // Fails while a worker holds it (it started): then it is left to the active pass.
    const removed = await job.remove().then(
      () => true,
      () => false,
    );
    if (!removed) continue;
    await deps.shared.add(job.name, job.data, {
      ...ACTIVATION_JOB_OPTIONS,
      jobId: job.id,
      ...(job.opts.priority ? { priority: job.opts.priority } : {}),
    });
  }
  for (const job of await queue.getActive(0, PER_PASS - 1)) {
    if (!job.id || (await deps.redis.exists(`${queue.toKey(job.id)}:lock`)) === 1) continue;
    // Started on a worker that is gone: never run again; its record says so.
    await recordLostActivation({ db: deps.db, queue, settle: deps.settle }, job.id);
    await job.remove().catch(() => undefined);
  }
  const counts = await queue.getJobCounts('prioritized', 'waiting', 'delayed', 'active');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export interface OrphanedQueueOptions extends DrainDeps {
  redisPrefix: string;
  /** This worker: its own queue is its own business while it lives. */
  workerId: string;
  everyMs: number;
  log: (line: string) => void;
}

/** Every `everyMs`, whichever worker takes the lock drains the queues of workers without a heartbeat. */
export function startOrphanedQueueSweeper(options: OrphanedQueueOptions): { stop(): void } {
  const goneSince = new Map<string, number>();
  return startLockedTask({
    redis: options.redis,
    lockKey: `${options.redisPrefix}:placement:sweep:lock`,
    lockMs: options.everyMs * 5,
    everyMs: options.everyMs,
    run: async () => {
      const key = placedWorkersKey(options.redisPrefix);
      for (const workerId of await options.redis.smembers(key)) {
        if (workerId === options.workerId) continue;
        if ((await options.redis.exists(workerHeartbeatKey(options.redisPrefix, workerId))) === 1) {
          goneSince.delete(workerId);
          continue;
        }
        // The heartbeat expired: three beats missed. Moving an unstarted job is safe even if the worker comes back.
        const since = goneSince.get(workerId) ?? Date.now();
        goneSince.set(workerId, since);
        const queue = workerQueueOn(options.redis, options.redisPrefix, workerId);
        const left = await drainWorkerQueue(options, queue);
        if (left === 0 && Date.now() - since > FORGET_AFTER_MS) {
          await options.redis.srem(key, workerId);
          goneSince.delete(workerId);
          await queue.obliterate({ force: true }).catch(() => undefined);
        }
      }
    },
    onError: (error) => options.log(`worker: emptying the queues of dead workers: ${error.message}`),
  });
}
