// Cold starts: the first invocation of a new action of one kind, with no stem
// cell (a memory size no stem cell has) and with one (the stem cells' size).
import type { BenchClient } from '../lib/http.ts';
import { sleep, summarize, type Summary } from '../lib/load.ts';
import type { Target } from '../lib/target.ts';
import { annotationOf, noopOfKind } from './actions.ts';
import type { LoadPoint } from './warm.ts';
import type { Row } from '../lib/report.ts';

export interface ColdResult {
  latency: Summary;
  initTime: Summary;
  /** How the worker got the container, per sample (from the trace). */
  sources: string[];
  errors: number;
}

const NO_STEM_MEMORY_MB = 128;
const STEM_MEMORY_MB = 256;

export async function coldStarts(client: BenchClient, target: Target, kind: string, stem: boolean, samples: number, prefix: string): Promise<ColdResult> {
  const latencies: number[] = [];
  const initTimes: number[] = [];
  const sources: string[] = [];
  let errors = 0;
  for (let i = 0; i < samples; i++) {
    if (stem) await stemCellsReady(target);
    const name = `${prefix}-cold-${kind.replace(/\W/g, '')}-${stem ? 'stem' : 'nostem'}-${i}`;
    await client.putAction(name, noopOfKind(kind, stem ? STEM_MEMORY_MB : NO_STEM_MEMORY_MB));
    const t0 = performance.now();
    const response = await client.invoke(name, 'blocking=true', {}, { 'x-brisk-trace': '1' });
    const elapsed = performance.now() - t0;
    await client.deleteAction(name);
    if (response.status !== 200) {
      errors++;
      continue;
    }
    latencies.push(elapsed);
    const record = JSON.parse(response.text);
    initTimes.push(Number(annotationOf(record, 'initTime') ?? NaN));
    const trace = JSON.parse(String(response.headers['x-brisk-trace'] ?? '{}')) as Record<string, number>;
    sources.push(['stem', 'cold', 'warm'].find((source) => trace[source]) ?? '?');
  }
  return { latency: summarize(latencies), initTime: summarize(initTimes.filter(Number.isFinite)), sources, errors };
}

/** Waits until the worker has refilled its stem cells (or a few seconds when its statistics cannot be read). */
async function stemCellsReady(target: Target): Promise<void> {
  await sleep(500); // more than a heartbeat: the refill after the last sample has started
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const snapshot = await target.poolStats();
    if (!snapshot) {
      await sleep(3_000);
      return;
    }
    if (snapshot.pool.creating === 0 && (snapshot.pool.fresh ?? 0) > 0) {
      await sleep(300);
      return;
    }
    await sleep(100);
  }
}

/** Each kind's cold starts, with and without a stem cell, then the same kind warm. */
export function coldRows(cold: Record<string, ColdResult>, warmByKind: Record<string, LoadPoint>): Row[] {
  const out: Row[] = [];
  for (const [name, result] of Object.entries(cold)) {
    const stem = name.endsWith('stem cell') && !name.endsWith('no stem cell');
    out.push({
      scenario: `cold start ${name}`,
      p50: result.latency.p50,
      p99: result.latency.max,
      target: stem ? 'p50<=50' : 'p50<=500',
      met: result.errors === 0 && result.latency.p50 <= (stem ? 50 : 500),
      note: `p99 column: max of ${result.latency.n}; /init median ${result.initTime.p50} ms; containers: ${result.sources.join(' ')}${result.errors ? `; ${result.errors} errors` : ''}`,
    });
  }
  for (const [kind, point] of Object.entries(warmByKind)) {
    out.push({ scenario: `warm blocking sequential ${kind}`, p50: point.latency.p50, p99: point.latency.p99, perSecond: point.perSecond });
  }
  return out;
}
