// Warm blocking invocations through the REST API (blocking=true&result=true),
// and non-blocking ones: how fast they are accepted and how soon they finish.
import { cpuMeter, type CpuParts } from '../lib/cpu.ts';
import type { BenchClient } from '../lib/http.ts';
import { closedLoop, sleep, summarize, type Summary } from '../lib/load.ts';
import { annotationOf, KINDS, type BenchKind } from './actions.ts';
import type { FloorResult } from './floor.ts';
import type { Row } from '../lib/report.ts';

export interface LoadPoint {
  clients: number;
  latency: Summary;
  perSecond: number;
  errors: number;
  firstError?: string;
  /** CPU milliseconds per invocation, when the benchmark runs the Brisk itself. */
  cpu?: CpuParts;
}

export interface Limits {
  durationMs: number;
  maxRequests: number;
}

export async function warmBlocking(
  client: BenchClient,
  name: string,
  clients: number,
  limits: Limits,
  warmupMs: number,
  own?: { processes: { web: number; worker: number }; workerId: string },
): Promise<LoadPoint> {
  const call = async () => (await client.invoke(name, 'blocking=true&result=true')).status === 200;
  // Unmeasured warm-up at the same concurrency, so the pool has grown to it.
  await closedLoop({ clients, durationMs: warmupMs, maxRequests: Number.MAX_SAFE_INTEGER, call });
  const meter = own ? await cpuMeter(own.processes, own.workerId) : undefined;
  const result = await closedLoop({ clients, ...limits, call });
  const cpu = meter ? await meter(result.latencies.length) : undefined;
  return {
    ...(cpu ? { cpu } : {}),
    clients,
    latency: summarize(result.latencies),
    perSecond: Math.round((result.latencies.length / result.elapsedMs) * 1000),
    errors: result.errors,
    ...(result.firstError ? { firstError: result.firstError } : {}),
  };
}

export interface NonBlockingResult {
  accepted: number;
  errors: number;
  /** Answers other than 202 by status: 429 is the namespace's throttle doing its job when the queue runs ahead. */
  refused: Record<string, number>;
  acceptedPerSecond: number;
  accept: Summary;
  /** Per activation: end - acceptedAt, from the records. */
  completion: Summary;
  /** From the first request until the last record's end. */
  drainMs: number;
  recordsFound: number;
}

export async function nonBlocking(client: BenchClient, name: string, clients: number, limits: Limits): Promise<NonBlockingResult> {
  const t0 = Date.now();
  const ids = new Set<string>();
  const refused: Record<string, number> = {};
  const result = await closedLoop({
    clients,
    ...limits,
    call: async () => {
      const response = await client.invoke(name, 'blocking=false');
      if (response.status !== 202) {
        refused[response.status] = (refused[response.status] ?? 0) + 1;
        return false;
      }
      ids.add((JSON.parse(response.text) as { activationId: string }).activationId);
      return true;
    },
  });
  // Wait (bounded) for every record, reading the list 200 at a time.
  const records = new Map<string, { start: number; end: number; annotations: { key: string; value: unknown }[] }>();
  const deadline = Date.now() + 120_000;
  while (records.size < ids.size && Date.now() < deadline) {
    for (let skip = 0; ; skip += 200) {
      const page = await client.json<any[]>('GET', `/namespaces/_/activations?name=${encodeURIComponent(name)}&since=${t0}&limit=200&skip=${skip}`);
      if (page.status !== 200 || !Array.isArray(page.body)) break;
      for (const record of page.body) if (ids.has(record.activationId)) records.set(record.activationId, record);
      if (page.body.length < 200) break;
    }
    if (records.size < ids.size) await sleep(250);
  }
  const completion: number[] = [];
  let lastEnd = t0;
  for (const record of records.values()) {
    const waitTime = Number(annotationOf(record, 'waitTime') ?? 0);
    completion.push(record.end - (record.start - waitTime));
    lastEnd = Math.max(lastEnd, record.end);
  }
  return {
    accepted: ids.size,
    errors: result.errors,
    refused,
    acceptedPerSecond: Math.round((result.latencies.length / result.elapsedMs) * 1000),
    accept: summarize(result.latencies),
    completion: summarize(completion),
    drainMs: lastEnd - t0,
    recordsFound: records.size,
  };
}

/** Each kind sequentially (against its floor), then nodejs under concurrent clients. */
export function warmRows(warm: Record<string, LoadPoint | LoadPoint[]>, floor: Partial<Record<BenchKind, FloorResult>>): Row[] {
  const out: Row[] = [];
  for (const kind of KINDS) {
    const point = warm[`${kind} sequential`] as LoadPoint | undefined;
    if (!point) continue;
    const f = floor[kind];
    const overhead = f ? point.latency.p50 - f.run.p50 : undefined;
    out.push({
      scenario: `warm blocking sequential ${kind}`,
      p50: point.latency.p50,
      p99: point.latency.p99,
      perSecond: point.perSecond,
      ...(f ? { vsFloor: `${(point.latency.p50 / f.run.p50).toFixed(1)}x, +${overhead!.toFixed(2)} ms` } : {}),
      target: 'p50<=5 p99<=25 +<=3',
      met: point.latency.p50 <= 5 && point.latency.p99 <= 25 && (overhead === undefined || overhead <= 3) && point.errors === 0,
      ...(point.errors ? { note: `${point.errors} errors` } : {}),
    });
  }
  for (const point of (warm['nodejs concurrent'] as LoadPoint[] | undefined) ?? []) {
    out.push({
      scenario: `warm blocking ${point.clients} clients nodejs`,
      p50: point.latency.p50,
      p99: point.latency.p99,
      perSecond: point.perSecond,
      ...(point.clients === 32 ? { target: '>=800/s', met: point.perSecond >= 800 && point.errors === 0 } : {}),
      ...(point.errors || point.cpu
        ? {
            note: [
              point.cpu ? `CPU ms per call: web ${point.cpu.web}, worker ${point.cpu.worker}, containers ${point.cpu.containers}` : '',
              point.errors ? `${point.errors} errors: ${point.firstError ?? ''}` : '',
            ]
              .filter(Boolean)
              .join('; '),
          }
        : {}),
    });
  }
  return out;
}

export function nonBlockingRows(nb: NonBlockingResult): Row[] {
  const out: Row[] = [];
  out.push({
    scenario: 'non-blocking accept (202) 32 clients',
    p50: nb.accept.p50,
    p99: nb.accept.p99,
    perSecond: nb.acceptedPerSecond,
    ...(nb.errors ? { note: refusalNote(nb) } : {}),
  });
  out.push({
    scenario: 'non-blocking accept to completion',
    p50: nb.completion.p50,
    p99: nb.completion.p99,
    note: `${nb.recordsFound}/${nb.accepted} records, all done ${(nb.drainMs / 1000).toFixed(1)} s after the first`,
  });
  return out;
}

/** "1616 not accepted: 1616 × 429 (throttled)", so a throttle is never mistaken for a failure. */
function refusalNote(nb: NonBlockingResult): string {
  const byStatus = Object.entries(nb.refused).map(
    ([status, count]) => `${count} × ${status}${status === '429' ? ' (throttled: the namespace limit on concurrent activations)' : ''}`,
  );
  const thrown = nb.errors - Object.values(nb.refused).reduce((sum, n) => sum + n, 0);
  if (thrown > 0) byStatus.push(`${thrown} × no answer`);
  return `${nb.errors} not accepted: ${byStatus.join(', ')}`;
}
