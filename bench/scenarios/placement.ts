// Placement: N workers on one engine, 10 actions per worker invoked
// round-robin by 8 clients (the actions fit the pools together, not one
// pool), once with each action sent to its home worker and once with every
// worker taking from the shared queue: warm-hit ratio and latency of each.
// Each run is a Brisk of its own, started here, with the same pools.
import { startBrisk } from '@brisk/testing';
import type { Log } from '../../scripts/lib/progress.ts';
import { BenchClient } from '../lib/http.ts';
import { closedLoop, summarize, type Summary } from '../lib/load.ts';
import { annotationOf, noopAction } from './actions.ts';
import type { Row } from '../lib/report.ts';

const ACTION_MB = 128;
/** Twelve containers a worker, ten actions a worker. */
const POOL_MB = 12 * ACTION_MB;
const ACTIONS_PER_WORKER = 10;

export interface PlacementRun {
  placement: 'home' | 'shared';
  workers: number;
  actions: number;
  invocations: number;
  errors: number;
  warmHitRate: number;
  latency: Summary;
  perSecond: number;
}

export async function placementScenario(options: { workers: number; rounds: number; prefix: string; log: Log }): Promise<PlacementRun[]> {
  const runs: PlacementRun[] = [];
  for (const placement of ['home', 'shared'] as const) {
    options.log(`placement: ${options.workers} workers, ${placement === 'home' ? 'home workers' : 'one shared queue'}`);
    const brisk = await startBrisk({
      env: { BRISK_PLACEMENT: placement },
      workerEnv: { BRISK_POOL_MEMORY_MB: String(POOL_MB), BRISK_STEM_CELLS: '', BRISK_STEM_CELLS_MAX: '0' },
    });
    const client = new BenchClient(brisk.url, brisk.guestKey);
    try {
      for (let n = 1; n < options.workers; n++) await brisk.addWorker();
      const names = Array.from({ length: options.workers * ACTIONS_PER_WORKER }, (_, i) => `${options.prefix}-placed-${i}`);
      for (const name of names) {
        const put = await client.putAction(name, noopAction('nodejs', ACTION_MB));
        if (put.status !== 200) throw new Error(`deploying ${name} answered ${put.status}`);
      }
      // The web reads the heartbeats once a second; then one cold round, not measured.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      for (const name of names) await client.invoke(name, 'blocking=true');
      let warm = 0;
      const result = await closedLoop({
        clients: 8,
        durationMs: 120_000,
        maxRequests: names.length * options.rounds,
        call: async (i) => {
          const response = await client.invoke(names[i % names.length]!, 'blocking=true');
          if (response.status !== 200) return false;
          if (annotationOf(JSON.parse(response.text), 'initTime') === undefined) warm++;
          return true;
        },
      });
      runs.push({
        placement,
        workers: options.workers,
        actions: names.length,
        invocations: result.count,
        errors: result.errors,
        warmHitRate: result.latencies.length ? Math.round((warm / result.latencies.length) * 1000) / 1000 : 0,
        latency: summarize(result.latencies),
        perSecond: Math.round((result.latencies.length / (result.elapsedMs / 1000)) * 10) / 10,
      });
    } finally {
      client.close();
      await brisk.stop();
    }
  }
  return runs;
}

export function placementRows(placementRuns: PlacementRun[]): Row[] {
  const out: Row[] = [];
  for (const run of placementRuns ?? []) {
    out.push({
      scenario: `${run.actions} actions round-robin, ${run.workers} worker${run.workers > 1 ? 's' : ''}, ${run.placement === 'home' ? 'home workers' : 'shared queue'}`,
      p50: run.latency.p50,
      p99: run.latency.p99,
      perSecond: run.perSecond,
      ...(run.placement === 'home' ? { target: 'warm >= 95%', met: run.warmHitRate >= 0.95 } : {}),
      note: `warm hits ${(run.warmHitRate * 100).toFixed(1)}%; ${run.invocations} invocations, ${run.errors} errors`,
    });
  }
  return out;
}
