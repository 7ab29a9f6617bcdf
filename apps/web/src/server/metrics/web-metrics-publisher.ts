// Publishes this replica's registry to Redis, so a scrape of any replica
// shows every replica's HTTP latency (a load balancer in front of several
// replicas hands each scrape to one of them).
import { type MetricsPublisher, startMetricsPublisher } from '@brisk/core/metrics/published-metrics';
import { webContext } from '../context';
import { env } from '../env';
import { httpMetrics } from './http-metrics';
import { webMetricsSource } from './serve-metrics';

export function startWebMetricsPublisher(): MetricsPublisher {
  let warned = false;
  return startMetricsPublisher({
    redis: webContext().deps.redis,
    prefix: env.BRISK_REDIS_PREFIX,
    source: webMetricsSource(),
    registry: httpMetrics(env.BRISK_REPLICA_ID).registry,
    everyMs: env.BRISK_METRICS_PUBLISH_MS,
    onError: (error) => {
      // Said once: Redis being down shows in every answer that needs it.
      if (!warned) console.error(`web: publishing metrics: ${error.message}`);
      warned = true;
    },
  });
}
