import type { Db } from '@brisk/db';
import type { Redis } from 'ioredis';
import type { AlarmQueue } from '../feeds/alarm-schedules.ts';
import type { InvocableCache } from '../invocable-cache.ts';

/**
 * What the admin services need: Postgres, and Redis to tell the web replicas
 * (and, for a deleted namespace, to stop its alarms). The CLI builds these
 * itself; the web passes its own.
 */
export interface AdminDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  alarmQueue: AlarmQueue;
  invocables?: InvocableCache;
  /**
   * Forgets what this process remembers of a namespace (a web replica's
   * keys, limits, console key checks), called before the notice goes out:
   * the replica's own subscriber may hear it only after its next request.
   */
  forgetNamespace?: (namespaceId: string) => void;
}
