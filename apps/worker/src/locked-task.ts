// Work that one worker of the installation does now and then (retention,
// reconciling accepted activations): every `everyMs` each worker tries the
// task's lock, and whichever takes it runs the task; the lock outlives a run
// whose worker dies by `lockMs`.
import { takeLock } from '@brisk/core';
import type { Redis } from 'ioredis';

export interface LockedTaskOptions {
  redis: Redis;
  lockKey: string;
  lockMs: number;
  everyMs: number;
  /** A run sooner than the first interval. */
  firstAfterMs?: number;
  run: () => Promise<void>;
  onError: (error: Error) => void;
}

export function startLockedTask(options: LockedTaskOptions): { stop(): void } {
  const attempt = async () => {
    const lock = await takeLock(options.redis, options.lockKey, { ttlMs: options.lockMs });
    if (!lock) return;
    try {
      await options.run();
    } finally {
      await lock.release();
    }
  };
  const tick = () => void attempt().catch(options.onError);
  const first = options.firstAfterMs !== undefined ? setTimeout(tick, options.firstAfterMs) : undefined;
  const timer = setInterval(tick, options.everyMs);
  first?.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
