// Process-wide clients of the web app, created on first use and kept on
// globalThis so Next's module reloading in development does not leak them.
import {
  Authenticator,
  completionChannel,
  CompletionWaiter,
  deploySettingsFromEnv,
  InvocableCache,
  openActivationQueue,
  FailedAuthLimiter,
  QueueDepthGate,
  openAlarmQueue,
  openDeployQueue,
  RecordWriter,
  type CoreDeps,
} from '@brisk/core';
import { createDb } from '@brisk/db';
import { Redis } from 'ioredis';
import { env } from './env';

export interface WebContext {
  deps: CoreDeps;
  auth: Authenticator;
  waiter: CompletionWaiter;
}

const holder = globalThis as typeof globalThis & { briskWebContext?: WebContext };

export function webContext(): WebContext {
  holder.briskWebContext ??= createContext();
  return holder.briskWebContext;
}

function createContext(): WebContext {
  const db = createDb(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 });
  const activationQueue = openActivationQueue(redis, env.BRISK_REDIS_PREFIX);
  // Trigger firings' records, through the same writer as the worker's.
  const records = RecordWriter.connect(env.DATABASE_URL, (error) => console.error('web: writing activation records:', error));
  const deployQueue = openDeployQueue(redis, env.BRISK_REDIS_PREFIX);
  const alarmQueue = openAlarmQueue(redis, env.BRISK_REDIS_PREFIX);
  const subscriber = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  const waiter = new CompletionWaiter(subscriber, completionChannel(env.BRISK_REDIS_PREFIX, env.BRISK_REPLICA_ID));
  // Resolved actions stay in memory until a change is published (the cache is bypassed until subscribed).
  const invocables = new InvocableCache();
  invocables.watch(subscriber, env.BRISK_REDIS_PREFIX).catch((error) => console.error('web: action cache disabled:', error));
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
      capacity: new QueueDepthGate(activationQueue, env.BRISK_MAX_QUEUED_ACTIVATIONS),
    },
    auth: new Authenticator(
      db,
      undefined,
      new FailedAuthLimiter(redis, env.BRISK_REDIS_PREFIX, { perKeyId: env.BRISK_FAILED_AUTH_PER_KEY, perClient: env.BRISK_FAILED_AUTH_PER_CLIENT }),
    ),
    waiter,
  };
}
