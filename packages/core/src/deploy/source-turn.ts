// One deployment of a source at a time, across every worker: the runner takes
// the source's turn (a Redis key with an expiry, renewed while it runs) before
// running one, and a deployment that finds the turn taken waits. Deployments
// of different sources run side by side, so one tenant's slow clone does not
// hold up another's push. The expiry frees a turn whose worker died.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const TURN_MS = 30_000;
const RENEW_EVERY_MS = 10_000;

// Deletes or extends the key only while it still holds this holder's token.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

export interface SourceTurn {
  release(): Promise<void>;
}

function turnKey(redisPrefix: string, sourceId: string): string {
  return `${redisPrefix}:deploy-turn:${sourceId}`;
}

/** The source's turn, or undefined while another deployment of it runs. */
export async function takeSourceTurn(redis: Redis, redisPrefix: string, sourceId: string): Promise<SourceTurn | undefined> {
  const key = turnKey(redisPrefix, sourceId);
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', TURN_MS, 'NX')) !== 'OK') return undefined;
  const renewal = setInterval(() => void redis.eval(RENEW, 1, key, token, String(TURN_MS)).catch(() => undefined), RENEW_EVERY_MS);
  renewal.unref();
  return {
    async release() {
      clearInterval(renewal);
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
