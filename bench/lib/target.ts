// The Brisk under test: one of its own (own database, Redis prefix, web and
// worker processes, like the integration tests) or one given by URL and key.
import { Redis } from 'ioredis';
import { workerHeartbeatKey } from '@brisk/core';
import { startBrisk, TEST_REDIS_URL, type BriskInstance } from '@brisk/testing';
import { prepareRuntimeImages, prepareServices, type StepTiming } from '../../scripts/lib/prepare.ts';
import { ensureWebBuild } from '../../scripts/lib/web-build.ts';
import type { Log } from '../../scripts/lib/progress.ts';
import { IMAGE_KINDS } from '../scenarios/actions.ts';

/** The pool settings the benchmark's own Brisk runs with. */
export const OWN_WORKER_ENV = {
  // One stem cell per runtime image, so each kind's cold start is measured with one too.
  BRISK_STEM_CELLS: IMAGE_KINDS.map((kind) => `${kind}=1`).join(','),
  // The scaling run needs churn: 48 containers of 128 MB, far fewer than its 200 actions.
  BRISK_POOL_MEMORY_MB: '6144',
  BRISK_HEARTBEAT_MS: '250',
};

/**
 * The bench measures the platform, not one namespace's share of it: its
 * namespace may use all of it (the defaults, machine-limits.ts, keep a
 * namespace to half the capacity and four rounds of slots).
 */
export const OWN_LIMITS_ENV = {
  BRISK_INVOCATIONS_PER_MINUTE: '1000000',
  BRISK_CONCURRENT_INVOCATIONS: '100000',
} as const;

export interface PoolSnapshot {
  at: number;
  pool: Record<string, number>;
}

export interface Target {
  url: string;
  key: string;
  own: boolean;
  /** Its database, when the benchmark started it (scenarios that read Postgres directly). */
  databaseUrl?: string;
  /** The worker's id (its containers' `brisk.worker` label), when known. */
  workerId?: string;
  /** Process ids of its web and worker, when the benchmark started them. */
  processes?: { web: number; worker: number };
  /** The last lines of the worker's output, when the benchmark started it. */
  workerLog?(): Promise<string>;
  /** The worker's latest pool statistics, when its Redis is known. */
  poolStats(): Promise<PoolSnapshot | undefined>;
  stop(): Promise<void>;
}

export async function ownTarget(log: Log): Promise<Target> {
  const timings: StepTiming[] = [];
  await prepareServices(timings, log, 'postgresql://postgres@127.0.0.1:5432/postgres');
  await prepareRuntimeImages(timings, log);
  await ensureWebBuild(log);
  log('starting a Brisk of its own (database, Redis prefix, web, worker)…');
  const brisk: BriskInstance = await startBrisk({ env: { ...OWN_LIMITS_ENV }, workerEnv: { ...OWN_WORKER_ENV } });
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  return {
    url: brisk.url,
    key: brisk.guestKey,
    own: true,
    databaseUrl: brisk.databaseUrl,
    workerId: brisk.workerId,
    processes: { web: brisk.web.child.pid!, worker: brisk.worker.child.pid! },
    workerLog: () => brisk.worker.tail(40),
    poolStats: () => readHeartbeat(redis, workerHeartbeatKey(brisk.redisPrefix, brisk.workerId)),
    async stop() {
      redis.disconnect();
      await brisk.stop();
    },
  };
}

export function givenTarget(url: string, key: string, heartbeat?: { redisUrl: string; prefix: string; workerId: string }): Target {
  const redis = heartbeat ? new Redis(heartbeat.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
  return {
    url,
    key,
    own: false,
    ...(heartbeat ? { workerId: heartbeat.workerId } : {}),
    poolStats: async () => (redis && heartbeat ? readHeartbeat(redis, workerHeartbeatKey(heartbeat.prefix, heartbeat.workerId)) : undefined),
    async stop() {
      redis?.disconnect();
    },
  };
}

async function readHeartbeat(redis: Redis, key: string): Promise<PoolSnapshot | undefined> {
  const text = await redis.get(key).catch(() => null);
  return text ? (JSON.parse(text) as PoolSnapshot) : undefined;
}
