// One exposition out of many registries' snapshots, by prom-client's own
// merge (AggregatorRegistry.aggregate): a metric family appears once, with
// the series of every process. Each process labels its series with its own
// id (`worker`, `replica`), so series of different processes never collide
// and the merge only gathers them; were two identical, aggregate sums them.
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { MetricsSnapshot } from './published-metrics.ts';

const KNOWN_AGGREGATORS = new Set(['sum', 'first', 'min', 'max', 'average', 'omit']);

/**
 * Merges snapshots into one registry to serve. A family whose type differs
 * from the first snapshot's (a rolling upgrade that changed a metric) is
 * left out of the later snapshots rather than failing the scrape.
 */
export function mergeMetrics(snapshots: MetricsSnapshot[]): Registry {
  const types = new Map<string, string>();
  const usable: MetricsSnapshot[] = [];
  for (const snapshot of snapshots) {
    const kept: MetricsSnapshot = [];
    for (const metric of snapshot) {
      if (typeof metric?.name !== 'string' || !Array.isArray(metric.values)) continue;
      const type = String(metric.type);
      const seen = types.get(metric.name);
      if (seen !== undefined && seen !== type) continue;
      types.set(metric.name, type);
      kept.push({
        ...metric,
        // aggregate() throws on an aggregator it does not know; a snapshot from elsewhere may name one.
        aggregator: KNOWN_AGGREGATORS.has(metric.aggregator) ? metric.aggregator : 'sum',
        // JSON turned NaN (an event loop lag not yet sampled) into null, which would print as +Inf.
        values: metric.values.map((value) => (value.value === null ? { ...value, value: Number.NaN } : value)),
      });
    }
    usable.push(kept);
  }
  return AggregatorRegistry.aggregate(usable);
}
