// The container pool as gauges and counters, read from `pool.stats()` when
// the registry is collected (every publish), never on the activation path.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { PoolStats } from '../pool/pool-types.ts';

const MIB = 1024 * 1024;

/** Registers the pool's metrics on `registry`; `stats` is read at each collection. */
export function registerPoolMetrics(registry: Registry, stats: () => PoolStats): void {
  const registers = [registry];
  // Each collection reads the stats once, whichever family asks first.
  let snapshot: PoolStats | undefined;
  let snapshotAt = -1;
  const current = () => {
    const now = performance.now();
    if (!snapshot || now - snapshotAt > 50) {
      snapshot = stats();
      snapshotAt = now;
    }
    return snapshot;
  };

  new Gauge({
    name: 'brisk_pool_containers',
    help: 'Containers of the pool by state: busy (running activations), warm (initialized, idle), stem (prewarmed, not yet initialized), creating, destroying',
    labelNames: ['state'],
    registers,
    collect() {
      const s = current();
      this.set({ state: 'busy' }, s.busy);
      this.set({ state: 'warm' }, s.idle);
      this.set({ state: 'stem' }, s.fresh);
      this.set({ state: 'creating' }, s.creating);
      this.set({ state: 'destroying' }, s.destroying);
    },
  });
  new Gauge({
    name: 'brisk_pool_waiting_requests',
    help: 'Activations waiting for a container of the pool',
    registers,
    collect() {
      this.set(current().waiting);
    },
  });
  new Gauge({
    name: 'brisk_pool_memory_used_bytes',
    help: "Sum of the memory limits of the pool's containers",
    registers,
    collect() {
      this.set(current().memoryMb * MIB);
    },
  });
  new Gauge({
    name: 'brisk_pool_memory_budget_bytes',
    help: "The pool's memory budget (BRISK_POOL_MEMORY_MB)",
    registers,
    collect() {
      this.set(current().budgetMb * MIB);
    },
  });
  // The pool keeps these counts itself; a collection copies them.
  new Counter({
    name: 'brisk_pool_leases_total',
    help: 'Containers handed to activations, by where they came from: warm, stem (prewarmed), cold (started for the request)',
    labelNames: ['source'],
    registers,
    collect() {
      const s = current();
      this.reset();
      this.inc({ source: 'warm' }, s.warm);
      this.inc({ source: 'stem' }, s.stem);
      this.inc({ source: 'cold' }, s.cold);
    },
  });
  new Counter({
    name: 'brisk_pool_container_events_total',
    help: 'Containers created, evicted (for room), reaped (idle), failed to start, destroyed for flooding output',
    labelNames: ['event'],
    registers,
    collect() {
      const s = current();
      this.reset();
      this.inc({ event: 'created' }, s.created);
      this.inc({ event: 'evicted' }, s.evicted);
      this.inc({ event: 'reaped' }, s.reaped);
      this.inc({ event: 'create_failed' }, s.createFailures);
      this.inc({ event: 'flooded' }, s.flooded);
    },
  });
}
