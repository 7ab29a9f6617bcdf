import type { Db } from '@brisk/db';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { InvocableCache } from './invocable-cache.ts';

/** What the services need from the outside world; apps build it once. */
export interface CoreDeps {
  db: Db;
  redis: Redis;
  activationQueue: Queue;
  /** Prefix of every Redis key and channel of this installation (or test run). */
  redisPrefix: string;
  /** Resolved actions kept in memory (web replicas); without it every invoke asks Postgres. */
  invocables?: InvocableCache;
}
