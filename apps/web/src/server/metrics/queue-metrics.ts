// The activation queue's depth, read from Redis when /metrics is scraped.
// It is the cluster's, not this replica's: no replica label, and not
// published with the replica's snapshot (every replica would repeat it).
import type { ActivationQueue } from '@brisk/core';
import { Gauge, Registry } from 'prom-client';

const STATES = ['waiting', 'active', 'delayed'] as const;

/** A registry whose one gauge reads the queue's counts at each collection. */
export function queueMetricsRegistry(queue: Pick<ActivationQueue, 'getJobCounts' | 'name'>): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'brisk_queue_jobs',
    help: 'Jobs of a queue by state: waiting (not yet taken by a worker), active (running), delayed',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const counts = await queue.getJobCounts(...STATES, 'prioritized');
      // Activation jobs carry a priority (fair queueing), so most wait in BullMQ's 'prioritized': waiting all the same.
      const depth: Record<string, number> = { ...counts, waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) };
      for (const state of STATES) this.set({ queue: queue.name, state }, depth[state] ?? 0);
    },
  });
  return registry;
}
