// Scaling: many distinct actions invoked round-robin, more than the pool
// holds, so containers churn: errors, warm hit rate, memory held.
import { readFile } from 'node:fs/promises';
import Docker from 'dockerode';
import type { BenchClient } from '../lib/http.ts';
import { closedLoop, summarize, type Summary } from '../lib/load.ts';
import type { Target } from '../lib/target.ts';
import { annotationOf, noopAction } from './actions.ts';
import type { Row } from '../lib/report.ts';

export interface ScalingResult {
  actions: number;
  invocations: number;
  errors: number;
  firstError?: string;
  warmHitRate: number;
  latency: Summary;
  perSecond: number;
  /** Sum of container memory limits: the most seen, and the budget (from the worker's heartbeat). */
  maxMemoryMb?: number;
  budgetMb?: number;
  withinBudget?: boolean;
  maxContainers?: number;
  /** Resident memory of the worker's containers at the end, from their cgroups. */
  residentMb?: number;
  evicted?: number;
  created?: number;
}

export async function roundRobin(
  client: BenchClient,
  target: Target,
  options: { actions: number; rounds: number; clients: number; durationMs: number; prefix: string; workerId?: string },
): Promise<ScalingResult> {
  const names = Array.from({ length: options.actions }, (_, i) => `${options.prefix}-scale-${i}`);
  await closedLoop({
    clients: 8,
    durationMs: 120_000,
    maxRequests: names.length,
    call: async (i) => (await client.putAction(names[i]!, noopAction('nodejs', 128))).status === 200,
  });
  const before = await target.poolStats();
  let maxMemoryMb = 0;
  let maxContainers = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const snapshot = await target.poolStats();
      if (snapshot) {
        maxMemoryMb = Math.max(maxMemoryMb, snapshot.pool.memoryMb ?? 0, snapshot.pool.maxMemoryMb ?? 0);
        maxContainers = Math.max(maxContainers, snapshot.pool.containers ?? 0);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  let warm = 0;
  let firstFailure: string | undefined;
  const result = await closedLoop({
    clients: options.clients,
    durationMs: options.durationMs,
    maxRequests: names.length * options.rounds,
    call: async (i) => {
      const response = await client.invoke(names[i % names.length]!, 'blocking=true');
      if (response.status !== 200) {
        firstFailure ??= `${response.status}: ${response.text.slice(0, 300)}`;
        return false;
      }
      if (annotationOf(JSON.parse(response.text), 'initTime') === undefined) warm++;
      return true;
    },
  });
  const residentMb = options.workerId ? await residentMemoryMb(options.workerId) : undefined;
  sampling = false;
  await sampler;
  const after = await target.poolStats();
  await closedLoop({ clients: 8, durationMs: 120_000, maxRequests: names.length, call: async (i) => (await client.deleteAction(names[i]!)).status === 200 });
  return {
    actions: names.length,
    invocations: result.count,
    errors: result.errors,
    ...(result.firstError || firstFailure ? { firstError: result.firstError ?? firstFailure } : {}),
    warmHitRate: result.latencies.length ? Math.round((warm / result.latencies.length) * 1000) / 1000 : 0,
    latency: summarize(result.latencies),
    perSecond: Math.round((result.latencies.length / result.elapsedMs) * 10) / 10,
    ...(after
      ? {
          maxMemoryMb: Math.max(maxMemoryMb, after.pool.maxMemoryMb ?? 0),
          budgetMb: after.pool.budgetMb,
          withinBudget: Math.max(maxMemoryMb, after.pool.maxMemoryMb ?? 0) <= (after.pool.budgetMb ?? Infinity),
          maxContainers,
          evicted: (after.pool.evicted ?? 0) - (before?.pool.evicted ?? 0),
          created: (after.pool.created ?? 0) - (before?.pool.created ?? 0),
        }
      : {}),
    ...(residentMb !== undefined ? { residentMb } : {}),
  };
}

/** Resident memory of a worker's containers, read from their memory cgroups (v1 or v2). */
async function residentMemoryMb(workerId: string): Promise<number | undefined> {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const containers = await docker.listContainers({ filters: { label: [`brisk.worker=${workerId}`] } });
  let bytes = 0;
  let found = 0;
  for (const { Id } of containers) {
    for (const file of [
      `/sys/fs/cgroup/memory/docker/${Id}/memory.usage_in_bytes`,
      `/sys/fs/cgroup/docker/${Id}/memory.current`,
      `/sys/fs/cgroup/system.slice/docker-${Id}.scope/memory.current`,
    ]) {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      bytes += Number(text.trim());
      found++;
      break;
    }
  }
  return found ? Math.round(bytes / 1024 / 1024) : undefined;
}

export function scalingRows(s: ScalingResult): Row[] {
  const out: Row[] = [];
  out.push({
    scenario: `${s.actions} actions round-robin`,
    p50: s.latency.p50,
    p99: s.latency.p99,
    perSecond: s.perSecond,
    target: 'no errors, in budget',
    met: s.errors === 0 && s.withinBudget !== false,
    note: `${s.invocations} calls, ${s.errors} errors${s.firstError ? ` (first: ${s.firstError})` : ''}, warm hits ${(s.warmHitRate * 100).toFixed(0)}%, memory limits held max ${s.maxMemoryMb ?? '?'} of ${s.budgetMb ?? '?'} MB, ${s.maxContainers ?? '?'} containers max, resident ${s.residentMb ?? '?'} MB, ${s.created ?? '?'} started, ${s.evicted ?? '?'} evicted`,
  });
  return out;
}
