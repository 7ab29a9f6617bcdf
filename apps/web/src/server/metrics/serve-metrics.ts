// GET /metrics: Prometheus's text format for the whole cluster. Whichever
// replica is scraped answers for all: its own registry (HTTP latency, its
// process), the queue's depth read now, and the snapshots every other
// replica and every worker published to Redis (core metrics/published-metrics.ts),
// merged by prom-client (merge-metrics.ts). Not an OpenWhisk route: no API
// key, only BRISK_METRICS_TOKEN when it is set.
import { mergeMetrics } from '@brisk/core/metrics/merge-metrics';
import { readMetricsSnapshots, type MetricsSnapshot } from '@brisk/core/metrics/published-metrics';
import { allQueuesCounts } from '@brisk/core/placement/worker-queues';
import type { Registry } from 'prom-client';
import { webContext } from '../context';
import { env } from '../env';
import { httpMetrics } from './http-metrics';
import { metricsAccessAllowed } from './metrics-token';
import { queueMetricsRegistry } from './queue-metrics';

export const METRICS_PATH = '/metrics';

export interface MetricsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** This replica's source name in Redis. */
export const webMetricsSource = () => `web:${env.BRISK_REPLICA_ID}`;

let queueRegistry: Registry | undefined;

export async function serveMetrics(authorization: string | null | undefined): Promise<MetricsAnswer> {
  if (!metricsAccessAllowed(env.BRISK_METRICS_TOKEN, authorization)) {
    return json(401, { error: 'The metrics need the bearer token BRISK_METRICS_TOKEN.' }, { 'www-authenticate': 'Bearer realm="metrics"' });
  }
  const { deps } = webContext();
  // The cluster's depth: the shared queue and every worker's own.
  queueRegistry ??= queueMetricsRegistry(allQueuesCounts(deps));
  let snapshots: MetricsSnapshot[];
  try {
    const [own, queue, others] = await Promise.all([
      httpMetrics(env.BRISK_REPLICA_ID).registry.getMetricsAsJSON() as Promise<MetricsSnapshot>,
      queueRegistry.getMetricsAsJSON() as Promise<MetricsSnapshot>,
      readMetricsSnapshots(deps.redis, env.BRISK_REDIS_PREFIX, webMetricsSource()),
    ]);
    snapshots = [own, queue, ...others];
  } catch (error) {
    // Without Redis there are no workers' metrics: a failed scrape says so, a partial one would not.
    return json(503, { error: `The metrics cannot be read now: ${(error as Error).message}` }, { 'retry-after': '5' });
  }
  const merged = mergeMetrics(snapshots);
  return { status: 200, headers: { 'content-type': merged.contentType }, body: await merged.metrics() };
}

function json(status: number, body: unknown, headers: Record<string, string>): MetricsAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
