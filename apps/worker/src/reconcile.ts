// The worker's side of the accepted-activation ledger: now and then, one
// worker of the installation (whichever takes the lock) forgets the
// activations that have their record and records as lost those that Redis
// lost. An activation found missing is recorded only when it is missing
// again at the next run, by which time every live worker has listed what it
// runs in its heartbeat again (a Redis that just came back empty knows
// nothing yet).
import { type ActivationJob, type ActivationQueue, forgetRecordedAccepted, lostRecord, missingAcceptedActivations, QUEUE_LOST_MESSAGE } from '@brisk/core';
import type { Db } from '@brisk/db';
import type { Redis } from 'ioredis';
import type { Settle } from './activation/settle.ts';
import { startLockedTask } from './locked-task.ts';

export interface ReconcilerOptions {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  queue: ActivationQueue;
  settle: Settle;
  everyMs: number;
  log: (line: string) => void;
}

/** An accepted activation younger than this is not looked at: its job may still be on its way, its note in the ledger too. */
const SETTLE_IN_MS = 5_000;
const PER_RUN = 500;

export function startReconciler(options: ReconcilerOptions): { stop(): void } {
  const deps = { db: options.db, redis: options.redis, redisPrefix: options.redisPrefix, activationQueue: options.queue };
  /** Found missing at the previous run. */
  let suspects = new Set<string>();
  return startLockedTask({
    redis: options.redis,
    lockKey: `${options.redisPrefix}:reconcile:lock`,
    lockMs: options.everyMs * 3,
    everyMs: options.everyMs,
    run: async () => {
      await forgetRecordedAccepted(options.db);
      const missing = await missingAcceptedActivations(deps, { olderThanMs: SETTLE_IN_MS, limit: PER_RUN });
      const lost: ActivationJob[] = missing.filter((job) => suspects.has(job.activationId));
      suspects = new Set(missing.map((job) => job.activationId));
      for (const job of lost) {
        // Publishes to a caller still waiting, frees the throttle slot, writes the record.
        // The ledger keeps no parameters, so this record has no input to show.
        await options.settle(job, lostRecord(job, undefined, Date.now(), QUEUE_LOST_MESSAGE), undefined, { input: false });
        suspects.delete(job.activationId);
      }
      if (lost.length > 0) options.log(`worker: ${lost.length} accepted activations were lost with the queue; recorded as internal errors`);
    },
    onError: (error) => options.log(`worker: reconciling accepted activations: ${error.message}`),
  });
}
