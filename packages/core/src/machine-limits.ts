// The platform's default namespace limits, sized to what the installation
// carries rather than fixed numbers: a namespace may take at most half of
// the machine's throughput over a minute and keep at most four rounds of the
// worker slots in flight (one running, three queued behind), so one busy
// namespace cannot hold the whole platform: the workers' slot share
// (NamespaceShares) keeps slots for the others, these keep the queue and the
// throughput. Env vars override each.
import os from 'node:os';

/** Activations per second a core carries end to end (web and worker on one machine): bench `overload` measured ~240/s on 2 cores. */
export const ACTIVATIONS_PER_SECOND_PER_CORE = 120;
/** A worker's slots when BRISK_WORKER_CONCURRENCY is not set (apps/worker/src/env.ts). */
export const DEFAULT_WORKER_SLOTS = 16;

export interface PlatformSize {
  /** Activations per second the installation carries: BRISK_CAPACITY_PER_SECOND, else 120 per core. */
  capacityPerSecond: number;
  /** Activations that run at once: BRISK_WORKER_CONCURRENCY (16) times BRISK_WORKERS (1, what `npm start` runs). */
  slots: number;
}

function positive(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(number) && number > 0 ? Math.floor(number) : undefined;
}

/** The installation's size, from the environment and the machine's cores. */
export function platformSize(env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism()): PlatformSize {
  return {
    capacityPerSecond: positive(env.BRISK_CAPACITY_PER_SECOND) ?? ACTIVATIONS_PER_SECOND_PER_CORE * cores,
    slots: (positive(env.BRISK_WORKER_CONCURRENCY) ?? DEFAULT_WORKER_SLOTS) * (positive(env.BRISK_WORKERS) ?? 1),
  };
}

export interface SizedLimits {
  invocationsPerMinute: number;
  concurrentInvocations: number;
  firesPerMinute: number;
}

/**
 * The default limits for an installation of `size`: invocations per minute =
 * half a minute of its capacity; concurrent = 4 × its slots; fires per minute
 * = half the invocations (each fire invokes its rules' actions, which count
 * as invocations too; OpenWhisk's defaults keep the same ratio, 60 to 120).
 */
export function limitsForSize(size: PlatformSize): SizedLimits {
  const invocationsPerMinute = Math.max(60, Math.round((size.capacityPerSecond * 60) / 2));
  return {
    invocationsPerMinute,
    concurrentInvocations: Math.max(4, 4 * size.slots),
    firesPerMinute: Math.max(30, Math.round(invocationsPerMinute / 2)),
  };
}

/** The defaults in effect: each env override (BRISK_INVOCATIONS_PER_MINUTE, BRISK_CONCURRENT_INVOCATIONS, BRISK_FIRES_PER_MINUTE) where set, else sized to the installation. */
export function machineDefaultLimits(env: NodeJS.ProcessEnv = process.env, cores?: number): SizedLimits {
  const sized = limitsForSize(platformSize(env, cores));
  return {
    invocationsPerMinute: positive(env.BRISK_INVOCATIONS_PER_MINUTE) ?? sized.invocationsPerMinute,
    concurrentInvocations: positive(env.BRISK_CONCURRENT_INVOCATIONS) ?? sized.concurrentInvocations,
    firesPerMinute: positive(env.BRISK_FIRES_PER_MINUTE) ?? sized.firesPerMinute,
  };
}
