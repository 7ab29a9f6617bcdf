// The worker's side of retention: now and then, one worker of the
// installation (whichever takes the lock) removes the activation records
// past their namespace's retention (packages/core/src/activation-retention.ts)
// and the dashboard's rollups past theirs (activation-rollups.ts).
import { defaultRetentionDays, purgeExpiredActivations, purgeExpiredRollups } from '@brisk/core';
import type { Db } from '@brisk/db';
import type { Redis } from 'ioredis';
import { startLockedTask } from './locked-task.ts';

export interface RetentionOptions {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  everyMs: number;
  log: (line: string) => void;
}

/** One run's budget: a run that cannot finish in it goes on at the next. */
const RUN_MS = 60_000;

export function startRetention(options: RetentionOptions): { stop(): void } {
  return startLockedTask({
    redis: options.redis,
    lockKey: `${options.redisPrefix}:retention:lock`,
    // The lock outlives a run that dies with its worker.
    lockMs: RUN_MS * 2,
    everyMs: options.everyMs,
    // Not at the very start: a worker starting is busy enough.
    firstAfterMs: Math.min(30_000, options.everyMs),
    run: async () => {
      const deleted = await purgeExpiredActivations(options.db, { defaultDays: defaultRetentionDays(), maxMs: RUN_MS });
      if (deleted > 0) options.log(`worker: removed ${deleted} activation records past their retention`);
      const trimmed = await purgeExpiredRollups(options.db);
      if (trimmed > 0) options.log(`worker: removed ${trimmed} dashboard rollup rows past their retention`);
    },
    onError: (error) => options.log(`worker: retention: ${error.message}`),
  });
}
