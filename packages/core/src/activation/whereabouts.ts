// Where an accepted activation is: recorded (in Postgres, or just finished
// in Redis), queued (its job is in Redis, in whatever state), running on a
// worker (each worker's heartbeat lists what it runs, so this survives the
// job's loss from Redis), or missing: none of these, which after a second
// look some seconds later means Redis lost it. One answer for the blocking
// caller's wait and for the worker's reconciler. "Queued" is in any queue:
// the shared one or a worker's own (placement).
import type { Redis } from 'ioredis';
import type { CoreDeps } from '../deps.ts';
import { findActivationJob } from '../placement/worker-queues.ts';
import { finishedActivationKey, workerHeartbeatKey } from '../queue.ts';

export type Whereabouts = 'recorded' | 'queued' | 'running' | 'missing';

/** The heartbeat's shape, as far as this reads it. */
interface Heartbeat {
  running?: string[];
}

/** Every activation some live worker says it is running. */
export async function runningActivationIds(redis: Redis, redisPrefix: string): Promise<Set<string>> {
  const running = new Set<string>();
  const pattern = workerHeartbeatKey(redisPrefix, '*');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 100);
    cursor = next;
    if (keys.length === 0) continue;
    for (const value of await redis.mget(...keys)) {
      try {
        for (const id of (JSON.parse(value ?? '{}') as Heartbeat).running ?? []) running.add(id);
      } catch {
        // A heartbeat that is not JSON lists nothing.
      }
    }
  } while (cursor !== '0');
  return running;
}

type WhereaboutsDeps = Pick<CoreDeps, 'db' | 'redis' | 'redisPrefix' | 'activationQueue'>;

/** `running`: the set from runningActivationIds, when the caller asks about many. Throws while Redis or Postgres is down. */
export async function activationWhereabouts(deps: WhereaboutsDeps, activationId: string, running?: Set<string>): Promise<Whereabouts> {
  // Redis first (cheap, and where a live activation is); Postgres last, as the tie-breaker.
  if ((await deps.redis.exists(finishedActivationKey(deps.redisPrefix, activationId))) === 1) return 'recorded';
  if (await findActivationJob(deps, activationId)) return 'queued';
  if ((running ?? (await runningActivationIds(deps.redis, deps.redisPrefix))).has(activationId)) return 'running';
  const row = await deps.db.activation.findUnique({ where: { activationId }, select: { activationId: true } });
  return row ? 'recorded' : 'missing';
}
