// The worker's side of retention: now and then, one worker of the
// installation (whichever takes the lock) removes the activation records
// past their namespace's retention (packages/core/src/activation-retention.ts).
import { defaultRetentionDays, purgeExpiredActivations } from '@brisk/core';
import type { Db } from '@brisk/db';
import type { Redis } from 'ioredis';

export interface RetentionOptions {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  workerId: string;
  everyMs: number;
  log: (line: string) => void;
}

/** One run's budget: a run that cannot finish in it goes on at the next. */
const RUN_MS = 60_000;

export function startRetention(options: RetentionOptions): { stop(): void } {
  const lockKey = `${options.redisPrefix}:retention:lock`;
  const run = async () => {
    // One worker at a time; the lock outlives a run that dies with its worker.
    const locked = await options.redis.set(lockKey, options.workerId, 'PX', RUN_MS * 2, 'NX');
    if (locked !== 'OK') return;
    try {
      const deleted = await purgeExpiredActivations(options.db, { defaultDays: defaultRetentionDays(), maxMs: RUN_MS });
      if (deleted > 0) options.log(`worker: removed ${deleted} activation records past their retention`);
    } finally {
      if ((await options.redis.get(lockKey)) === options.workerId) await options.redis.del(lockKey);
    }
  };
  const tick = () => void run().catch((error: Error) => options.log(`worker: retention: ${error.message}`));
  // Not at the very start: a worker starting is busy enough.
  const first = setTimeout(tick, Math.min(30_000, options.everyMs));
  const timer = setInterval(tick, options.everyMs);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
