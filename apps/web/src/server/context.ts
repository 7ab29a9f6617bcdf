// Process-wide clients of the web app, created on first use and kept on
// globalThis so Next's module reloading in development does not leak them.
import {
  AcceptedLedger,
  Authenticator,
  completionChannel,
  CompletionWaiter,
  deploySettingsFromEnv,
  InvocableCache,
  openActivationQueue,
  allQueuesCounts,
  Placement,
  FailedAuthLimiter,
  forgetNamespaceLimits,
  QueueDepthGate,
  openAlarmQueue,
  openDeployQueue,
  RecordWriter,
  watchNamespaceChanges,
  type AdminDeps,
  type CoreDeps,
} from '@brisk/core';
import { createDb, type Db } from '@brisk/db';
import { Redis } from 'ioredis';
import { env } from './env';
import { forgetSessionKeyChecks } from './session';

export interface WebContext {
  deps: CoreDeps;
  auth: Authenticator;
  /** Counts wrong operator tokens of the admin API per address (rest/serve-api.ts). */
  adminFailures: FailedAuthLimiter;
  /** Drops this replica's cached keys, limits and console key checks of a namespace (an admin change). */
  forgetNamespace: (namespaceId: string) => void;
  waiter: CompletionWaiter;
  /**
   * Heavy reads (the dashboard's aggregates) on a small pool of their own,
   * each cut off after REPORT_TIMEOUT_MS: however many dashboards are open,
   * they wait for each other, never for the pool everything else uses.
   */
  reportsDb: Db;
}

/** A statement of the API or the console running this long is a bug or an attack: Postgres cancels it. */
const STATEMENT_TIMEOUT_MS = 30_000;
const REPORT_POOL_SIZE = 2;
const REPORT_TIMEOUT_MS = 15_000;

const holder = globalThis as typeof globalThis & { briskWebContext?: WebContext };

export function webContext(): WebContext {
  holder.briskWebContext ??= createContext();
  return holder.briskWebContext;
}

function createContext(): WebContext {
  const db = createDb(env.DATABASE_URL, { statementTimeoutMs: STATEMENT_TIMEOUT_MS });
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 });
  const activationQueue = openActivationQueue(redis, env.BRISK_REDIS_PREFIX);
  const queues = { redis, redisPrefix: env.BRISK_REDIS_PREFIX, activationQueue };
  // Trigger firings' records, through the same writer as the worker's.
  const records = RecordWriter.connect(env.DATABASE_URL, (error) => console.error('web: writing activation records:', error));
  const deployQueue = openDeployQueue(redis, env.BRISK_REDIS_PREFIX);
  const alarmQueue = openAlarmQueue(redis, env.BRISK_REDIS_PREFIX);
  const subscriber = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  const waiter = new CompletionWaiter(subscriber, completionChannel(env.BRISK_REDIS_PREFIX, env.BRISK_REPLICA_ID));
  // Resolved actions stay in memory until a change is published (the cache is bypassed until subscribed).
  const invocables = new InvocableCache();
  invocables.watch(subscriber, env.BRISK_REDIS_PREFIX).catch((error) => console.error('web: action cache disabled:', error));
  const failures = new FailedAuthLimiter(redis, env.BRISK_REDIS_PREFIX, {
    perKeyId: env.BRISK_FAILED_AUTH_PER_KEY,
    perClient: env.BRISK_FAILED_AUTH_PER_CLIENT,
  });
  const auth = new Authenticator(db, undefined, failures);
  // An operator revoked a key, set limits or deleted a namespace: forget what this replica remembers of it now, not in 10 s.
  const forgetNamespace = (namespaceId: string) => {
    auth.forget(namespaceId);
    forgetNamespaceLimits(namespaceId);
    forgetSessionKeyChecks(namespaceId);
  };
  watchNamespaceChanges(subscriber, env.BRISK_REDIS_PREFIX, forgetNamespace).catch((error) =>
    console.error('web: admin notices not heard (changes apply within 10 s):', error),
  );
  return {
    deps: {
      db,
      redis,
      activationQueue,
      records,
      deployQueue,
      alarmQueue,
      deploySettings: deploySettingsFromEnv(process.env),
      redisPrefix: env.BRISK_REDIS_PREFIX,
      invocables,
      // Every queue counts: the shared one and each worker's.
      capacity: new QueueDepthGate(allQueuesCounts(queues), env.BRISK_MAX_QUEUED_ACTIVATIONS),
      ...(env.BRISK_PLACEMENT === 'home' ? { placement: new Placement(redis, env.BRISK_REDIS_PREFIX, activationQueue) } : {}),
      accepted: AcceptedLedger.connect(env.DATABASE_URL, (error) => console.error('web: noting accepted activations:', error)),
    },
    reportsDb: createDb(env.DATABASE_URL, { poolSize: REPORT_POOL_SIZE, statementTimeoutMs: REPORT_TIMEOUT_MS }),
    auth,
    adminFailures: failures,
    forgetNamespace,
    waiter,
  };
}

/** The admin services' dependencies: the web's own, and forgetting at once on this replica what an admin change affects. */
export function adminDeps(context: WebContext): AdminDeps {
  return { ...context.deps, forgetNamespace: context.forgetNamespace };
}
