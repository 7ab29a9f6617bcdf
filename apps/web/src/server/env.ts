// The web app's configuration, read once from the environment and validated.
import { randomUUID } from 'node:crypto';
import { MIN_ADMIN_TOKEN_LENGTH } from '@brisk/core';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/brisk'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  BRISK_REDIS_PREFIX: z.string().default('brisk'),
  /** Failed authentications a minute before 429: per key id, and per client address. */
  BRISK_FAILED_AUTH_PER_KEY: z.coerce.number().int().min(1).default(20),
  BRISK_FAILED_AUTH_PER_CLIENT: z.coerce.number().int().min(1).default(60),
  /** Activations waiting in the queue past which invocations get 503 (load-shedding.ts). */
  BRISK_MAX_QUEUED_ACTIVATIONS: z.coerce.number().int().min(1).default(5_000),
  /** `home`: each activation to its action's home worker (placement); `shared`: all to the shared queue, as before (the bench compares both). */
  BRISK_PLACEMENT: z.enum(['home', 'shared']).default('home'),
  /** API requests one web replica serves at once; more get 503 at once. */
  BRISK_MAX_INFLIGHT_REQUESTS: z.coerce.number().int().min(1).default(2_048),
  /**
   * The operator's token for the admin API (/api/v1/admin, Bearer); unset or
   * empty, the admin API answers 403 saying it is disabled.
   */
  BRISK_ADMIN_TOKEN: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(MIN_ADMIN_TOKEN_LENGTH, `BRISK_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long`).optional(),
  ),
  /** When set, GET /metrics needs `Authorization: Bearer <token>`; unset, it is open (README "Metrics"). */
  BRISK_METRICS_TOKEN: z.string().min(1).optional(),
  /** Milliseconds between this replica's metrics snapshots in Redis, which other replicas' /metrics merge. */
  BRISK_METRICS_PUBLISH_MS: z.coerce.number().int().min(100).default(5_000),
  /** Identifies this web replica's completion channel. */
  BRISK_REPLICA_ID: z.string().default(() => randomUUID()),
});

export type WebEnv = z.infer<typeof schema>;

export const env: WebEnv = schema.parse(process.env);
