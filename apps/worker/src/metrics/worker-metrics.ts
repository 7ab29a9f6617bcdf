// The worker's metrics: its own registry (every series labelled with the
// worker's id), published to Redis for the web's /metrics to merge.
import { type MetricsPublisher, startMetricsPublisher } from '@brisk/core/metrics/published-metrics';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { PoolStats } from '../pool/pool-types.ts';
import { ActivationMetrics } from './activation-metrics.ts';
import { registerPoolMetrics } from './pool-metrics.ts';

export interface WorkerMetrics {
  activations: ActivationMetrics;
  publisher: MetricsPublisher;
}

export interface WorkerMetricsOptions {
  redis: Redis;
  prefix: string;
  workerId: string;
  everyMs: number;
  actionsPerNamespace: number;
  poolStats: () => PoolStats;
  log: (line: string) => void;
}

export function startWorkerMetrics(options: WorkerMetricsOptions): WorkerMetrics {
  const registry = new Registry();
  // On output only (getMetricsAsJSON adds it): the hot path's label sets stay small.
  // A label per worker, not a sum over workers: a worker that stops would make a
  // summed counter fall, which Prometheus reads as a reset and a burst of increase.
  registry.setDefaultLabels({ worker: options.workerId });
  // The process's CPU, memory, event loop lag and GC, as every prom-client process exports them.
  collectDefaultMetrics({ register: registry });
  registerPoolMetrics(registry, options.poolStats);
  const activations = new ActivationMetrics(registry, { actionsPerNamespace: options.actionsPerNamespace });
  let warned = false;
  const publisher = startMetricsPublisher({
    redis: options.redis,
    prefix: options.prefix,
    source: `worker:${options.workerId}`,
    registry,
    everyMs: options.everyMs,
    onError: (error) => {
      // Said once: Redis being down shows elsewhere too, and every few seconds would drown the log.
      if (!warned) options.log(`worker: publishing metrics: ${error.message}`);
      warned = true;
    },
  });
  return { activations, publisher };
}
