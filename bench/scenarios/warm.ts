// Warm blocking invocations through the REST API (blocking=true&result=true),
// and non-blocking ones: how fast they are accepted and how soon they finish.
import { cpuMeter, type CpuParts } from '../lib/cpu.ts';
import type { BenchClient } from '../lib/http.ts';
import { closedLoop, sleep, summarize, type Summary } from '../lib/load.ts';
import { annotationOf } from './actions.ts';

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
