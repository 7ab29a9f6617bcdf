// Per-namespace throttles: invocations per minute (a sliding one-minute
// window, rate-window.ts) and concurrent activations (a sorted set of running activation ids scored
// by their deadline, so a worker that dies cannot leak a slot for long).
import type { Db } from '@brisk/db';
import type { Redis } from 'ioredis';
import { defaultRetentionDays } from './activation-retention.ts';
import { throttled } from './errors.ts';
import { machineDefaultLimits } from './machine-limits.ts';
import { countInWindow, minuteWindow, RATE_WINDOW } from './rate-window.ts';

export interface NamespaceLimits {
  invocationsPerMinute: number;
  concurrentInvocations: number;
  firesPerMinute: number;
  /** How long the namespace's activation records are kept (activation-retention.ts). */
  activationRetentionDays: number;
}

/** Platform defaults, for namespaces without limits of their own: sized to the installation (machine-limits.ts) unless set by env. */
export function defaultLimits(env: NodeJS.ProcessEnv = process.env): NamespaceLimits {
  return { ...machineDefaultLimits(env), activationRetentionDays: defaultRetentionDays(env) };
}

/** How long a process keeps a namespace's limits (an admin change is also announced, admin/namespace-changes.ts). */
export const LIMITS_CACHE_MS = 10_000;
// On globalThis: the web loads core twice (its server and Next's bundle), and
// forgetting a namespace's limits must reach the copy that admits invocations.
const holder = globalThis as typeof globalThis & { briskNamespaceLimits?: Map<string, { limits: NamespaceLimits; expires: number }> };
holder.briskNamespaceLimits ??= new Map();
const cache = holder.briskNamespaceLimits;

/** Drops a namespace's cached limits (all, without an id), so the next check reads Postgres. */
export function forgetNamespaceLimits(namespaceId?: string): void {
  if (namespaceId === undefined) cache.clear();
  else cache.delete(namespaceId);
}

/** A namespace's limits: its own where set, else the platform's; cached briefly. */
export async function namespaceLimits(db: Db, namespaceId: string): Promise<NamespaceLimits> {
  const hit = cache.get(namespaceId);
  if (hit && hit.expires > Date.now()) return hit.limits;
  const row = await db.namespace.findUnique({
    where: { id: namespaceId },
    select: { invocationsPerMinute: true, concurrentInvocations: true, firesPerMinute: true, activationRetentionDays: true },
  });
  const defaults = defaultLimits();
  const limits: NamespaceLimits = {
    invocationsPerMinute: row?.invocationsPerMinute ?? defaults.invocationsPerMinute,
    concurrentInvocations: row?.concurrentInvocations ?? defaults.concurrentInvocations,
    firesPerMinute: row?.firesPerMinute ?? defaults.firesPerMinute,
    activationRetentionDays: row?.activationRetentionDays ?? defaults.activationRetentionDays,
  };
  cache.set(namespaceId, { limits, expires: Date.now() + LIMITS_CACHE_MS });
  return limits;
}

// One round trip, atomic: count the invocation in the window, drop expired
// running entries, and admit the activation only if both limits allow it.
const ADMIT = `${RATE_WINDOW}
if count > tonumber(ARGV[2]) then return {1, math.ceil(count)} end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[4])
local running = redis.call('ZCARD', KEYS[3])
if running >= tonumber(ARGV[3]) then return {2, running} end
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6])
redis.call('PEXPIRE', KEYS[3], 400000)
return {0, running + 1}
`;

/** The counters of a namespace's kind of event (rate-window.ts). */
const rateBase = (prefix: string, namespaceId: string, kind: string) => `${prefix}:throttle:${kind}:${namespaceId}`;

/** The sorted set of a namespace's running activations (scored by deadline). */
export const runningActivationsKey = (prefix: string, namespaceId: string) => `${prefix}:throttle:running:${namespaceId}`;

/**
 * Admits one activation or throws 429 saying which limit was hit. The slot
 * is held until `releaseActivationSlot` or the activation's deadline.
 * Returns the namespace's activations in flight, this one included.
 */
export async function admitActivation(
  redis: Redis,
  prefix: string,
  namespaceId: string,
  activationId: string,
  limits: NamespaceLimits,
  deadline: number,
): Promise<number> {
  const now = Date.now();
  const window = minuteWindow(rateBase(prefix, namespaceId, 'invocations'), now);
  const [verdict, count] = (await redis.eval(
    ADMIT,
    3,
    ...window.keys,
    runningActivationsKey(prefix, namespaceId),
    window.elapsed,
    limits.invocationsPerMinute,
    limits.concurrentInvocations,
    now,
    deadline,
    activationId,
  )) as [number, number];
  if (verdict === 1) {
    throw throttled(`Too many requests in the last minute (count: ${count}, allowed: ${limits.invocationsPerMinute}).`);
  }
  if (verdict === 2) {
    throw throttled(`Too many concurrent requests in flight (count: ${count}, allowed: ${limits.concurrentInvocations}).`);
  }
  return count;
}

/** Frees an activation's concurrency slot once it has ended. */
export async function releaseActivationSlot(redis: Redis, prefix: string, namespaceId: string, activationId: string): Promise<void> {
  await redis.zrem(runningActivationsKey(prefix, namespaceId), activationId);
}

/** Counts one trigger fire against the namespace's fires per minute, or throws 429. */
export async function admitFire(redis: Redis, prefix: string, namespaceId: string, limits: NamespaceLimits): Promise<void> {
  const fires = await countInWindow(redis, rateBase(prefix, namespaceId, 'fires'), { increment: true });
  if (fires > limits.firesPerMinute) {
    throw throttled(`Too many trigger fires in the last minute (count: ${Math.ceil(fires)}, allowed: ${limits.firesPerMinute}).`);
  }
}
