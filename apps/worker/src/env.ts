// The worker's configuration, read once from the environment and validated.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { z } from 'zod';
import { DEFAULT_UID_BASE, DEFAULT_UID_COUNT } from './containers/channel-dirs.ts';
import { DEFAULT_STEM_CELLS } from './pool/stem-cells.ts';

const schema = z.object({
  DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/brisk'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  BRISK_REDIS_PREFIX: z.string().default('brisk'),
  DOCKER_HOST: z.string().optional(),
  /**
   * Unique per running worker: two workers on a host, or a restarted one and
   * the one it replaces, must never share one (each judges the other's containers by it).
   */
  BRISK_WORKER_ID: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-'")
    .default(() => `${os.hostname().replace(/[^A-Za-z0-9._-]/g, '-')}-${process.pid}-${randomBytes(3).toString('hex')}`),
  /** Shared by the workers of a host: container directories (mode 0700, owned by the worker) and uid claims. */
  BRISK_SOCKET_ROOT: z.string().default('/run/brisk/sockets'),
  /** Each container runs as its own uid and gid from [base, base + count): reserve the range, give no host user one. */
  BRISK_CONTAINER_UID_BASE: z.coerce
    .number()
    .int()
    .min(1000)
    .max(2 ** 31 - 1 - 16)
    .default(DEFAULT_UID_BASE),
  BRISK_CONTAINER_UID_COUNT: z.coerce.number().int().min(16).default(DEFAULT_UID_COUNT),
  BRISK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).default(16),
  BRISK_IDLE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(10 * 60_000),
  BRISK_ALLOW_EGRESS: z.stringbool().default(false),
  /**
   * Brisk's API as the worker reaches it: actions' calls (__OW_API_HOST, through
   * each container's api.sock) are passed on to it. Default: where `npm start` serves it.
   */
  BRISK_API_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  /** How long a job stays locked without renewal before it counts as stalled (its worker died). */
  BRISK_JOB_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  BRISK_STALLED_INTERVAL_MS: z.coerce.number().int().min(200).default(15_000),
  /** Sum of the memory limits of this worker's containers; default half the machine's memory. */
  BRISK_POOL_MEMORY_MB: z.coerce
    .number()
    .int()
    .min(128)
    .default(() => Math.max(1024, Math.floor(os.totalmem() / 2 / 1024 / 1024))),
  /** Prewarmed containers per kind: `kind=count[@memoryMb],...`; empty for none. */
  BRISK_STEM_CELLS: z.string().default(DEFAULT_STEM_CELLS),
  /**
   * The most stem cells of one image and memory size that recent bursts may ask for (beside BRISK_STEM_CELLS);
   * 0, the default, keeps only the configured ones: on a 2-core machine the refills' container starts took the
   * CPU the next burst needed, and the bench showed no gain (docs/ARCHITECTURE.md, "Stem cells follow demand").
   */
  BRISK_STEM_CELLS_MAX: z.coerce.number().int().min(0).default(0),
  /** How long a burst of fresh containers keeps its stem cells wanted. */
  BRISK_STEM_DEMAND_WINDOW_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** Containers being started at once, at most. */
  BRISK_CONTAINER_CREATES: z.coerce
    .number()
    .int()
    .min(1)
    .default(() => Math.max(2, os.availableParallelism())),
  /** Where deployments check repositories out (a folder per worker inside it). */
  BRISK_DEPLOY_SCRATCH: z.string().optional(),
  /** Milliseconds between the pool statistics a worker writes to Redis. */
  BRISK_HEARTBEAT_MS: z.coerce.number().int().min(100).default(2_000),
  /** Milliseconds between the worker's metrics snapshots in Redis (each lives three intervals; see README "Metrics"). */
  BRISK_METRICS_PUBLISH_MS: z.coerce.number().int().min(100).default(5_000),
  /** Actions of one namespace with series of their own per worker; the rest are counted as action "_other". */
  BRISK_METRICS_ACTIONS_PER_NAMESPACE: z.coerce.number().int().min(1).default(100),
  /** Milliseconds between removals of activation records past their retention. */
  BRISK_RETENTION_INTERVAL_MS: z.coerce.number().int().min(1_000).default(600_000),
  /** The most of this worker's slots one namespace may hold; by default all but one in eight, kept for other namespaces. */
  BRISK_NAMESPACE_MAX_SLOTS: z.coerce.number().int().min(1).optional(),
  /** How often accepted activations are checked against the queue (a lost one is recorded at the second run that misses it). */
  BRISK_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(500).default(10_000),
});

export type WorkerEnv = z.infer<typeof schema>;

/** Container uids stay below 2^31: some tools treat larger ones as negative, and chown takes -1 as "unchanged". */
const MAX_UID = 2 ** 31 - 1;

export function readWorkerEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`worker configuration: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const { BRISK_CONTAINER_UID_BASE: base, BRISK_CONTAINER_UID_COUNT: count } = parsed.data;
  if (base + count > MAX_UID)
    throw new Error(`worker configuration: BRISK_CONTAINER_UID_BASE + BRISK_CONTAINER_UID_COUNT must stay below ${MAX_UID + 1} (it is ${base + count})`);
  return parsed.data;
}
