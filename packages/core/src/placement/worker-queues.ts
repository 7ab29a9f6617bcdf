// The activation queues: the shared one every worker takes from (overflow,
// and what placement does not place), and one per worker that placement
// fills. Every worker that ever had a queue is in one Redis set, so "where is
// activation X", the shed gate and /metrics look in every queue, not only
// the shared one, and a dead worker's queue can be found and emptied.
import type { ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { ACTIVATION_QUEUE, type ActivationQueue, openActivationQueue } from '../queue.ts';

/** The BullMQ queue of one worker (BullMQ refuses ':' in queue names). */
export function workerQueueName(workerId: string): string {
  return `${ACTIVATION_QUEUE}-w-${workerId}`;
}

/** The set of worker ids that have (or had) a queue of their own. */
export function placedWorkersKey(prefix: string): string {
  return `${prefix}:placement:workers`;
}

export function openWorkerQueue(connection: ConnectionOptions, prefix: string, workerId: string): ActivationQueue {
  return openActivationQueue(connection, prefix, workerQueueName(workerId));
}

/** Queue objects per connection, so that lookups do not open one per call. */
const opened = new WeakMap<object, Map<string, ActivationQueue>>();

/** A worker's queue on `redis` (kept: closing is the connection owner's business, and a Queue holds no connection of its own). */
export function workerQueueOn(redis: Redis, prefix: string, workerId: string): ActivationQueue {
  let queues = opened.get(redis);
  if (!queues) {
    queues = new Map();
    opened.set(redis, queues);
  }
  const key = `${prefix}\n${workerId}`;
  let queue = queues.get(key);
  if (!queue) {
    queue = openWorkerQueue(redis, prefix, workerId);
    queues.set(key, queue);
  }
  return queue;
}

export interface QueueSet {
  redis: Redis;
  redisPrefix: string;
  /** The shared queue. */
  activationQueue: ActivationQueue;
}

/** The shared queue, then every worker's queue. */
export async function allActivationQueues(deps: QueueSet): Promise<ActivationQueue[]> {
  const workers = await deps.redis.smembers(placedWorkersKey(deps.redisPrefix));
  return [deps.activationQueue, ...workers.sort().map((id) => workerQueueOn(deps.redis, deps.redisPrefix, id))];
}

type ActivationJobOf = Awaited<ReturnType<ActivationQueue['getJob']>>;

/** The job of an activation in whichever queue holds it, with that queue; undefined when none does. */
export async function findActivationJob(
  deps: QueueSet,
  activationId: string,
): Promise<{ job: NonNullable<ActivationJobOf>; queue: ActivationQueue } | undefined> {
  // The shared queue first: without placement (tests, the bench's direct jobs) everything is there.
  const shared = await deps.activationQueue.getJob(activationId);
  if (shared) return { job: shared, queue: deps.activationQueue };
  for (const queue of (await allActivationQueues(deps)).slice(1)) {
    const job = await queue.getJob(activationId);
    if (job) return { job, queue };
  }
  return undefined;
}

type JobType = Parameters<ActivationQueue['getJobCounts']>[number];

/**
 * Counts over every activation queue, in the shape of one queue's, so the
 * shed gate and /metrics read the cluster's depth as they read one queue's.
 */
export function allQueuesCounts(deps: QueueSet): Pick<ActivationQueue, 'getJobCounts' | 'getJobCountByTypes' | 'name'> {
  const sum = async (types: JobType[]): Promise<Record<string, number>> => {
    const totals: Record<string, number> = {};
    for (const type of types) totals[type] = 0;
    for (const queue of await allActivationQueues(deps)) {
      const counts = await queue.getJobCounts(...types);
      for (const type of types) totals[type] = (totals[type] ?? 0) + (counts[type] ?? 0);
    }
    return totals;
  };
  return {
    name: deps.activationQueue.name,
    getJobCounts: (...types: JobType[]) => sum(types),
    getJobCountByTypes: async (...types: JobType[]) => Object.values(await sum(types)).reduce((a, b) => a + b, 0),
  };
}
