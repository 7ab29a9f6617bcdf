// A lock in Redis held by one process of the installation: a key with a
// random token and an expiry (so a holder that dies frees it), optionally
// renewed while the work goes on, and released only by its holder (a holder
// whose lock expired and was taken by another never deletes the other's).
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

// Deletes or extends the key only while it still holds this holder's token.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

export interface HeldLock {
  release(): Promise<void>;
}

/** The lock, or undefined while someone else holds it. `renewEveryMs`: keep it while the work outlasts `ttlMs`. */
export async function takeLock(redis: Redis, key: string, options: { ttlMs: number; renewEveryMs?: number }): Promise<HeldLock | undefined> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', options.ttlMs, 'NX')) !== 'OK') return undefined;
  const renewal = options.renewEveryMs
    ? setInterval(() => void redis.eval(RENEW, 1, key, token, String(options.ttlMs)).catch(() => undefined), options.renewEveryMs)
    : undefined;
  renewal?.unref();
  return {
    async release() {
      clearInterval(renewal);
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
