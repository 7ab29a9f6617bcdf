// One deployment of a source at a time, across every worker: the runner takes
// the source's turn (a Redis lock, renewed while it runs) before running one,
// and a deployment that finds the turn taken waits. Deployments of different
// sources run side by side, so one tenant's slow clone does not hold up
// another's push. The lock's expiry frees a turn whose worker died.
import type { Redis } from 'ioredis';
import { type HeldLock, takeLock } from '../redis-lock.ts';

const TURN_MS = 30_000;
const RENEW_EVERY_MS = 10_000;

export type SourceTurn = HeldLock;

/** The source's turn, or undefined while another deployment of it runs. */
export function takeSourceTurn(redis: Redis, redisPrefix: string, sourceId: string): Promise<SourceTurn | undefined> {
  return takeLock(redis, `${redisPrefix}:deploy-turn:${sourceId}`, { ttlMs: TURN_MS, renewEveryMs: RENEW_EVERY_MS });
}
