// Overload: an action that takes 50 ms (so the worker's slots, not the
// HTTP path, are the limit), first its capacity (64 blocking clients: the
// activations finished per second), then an open-loop offer of twice that,
// non-blocking, for a fixed time. Brisk must refuse what it cannot
// take with 429 (the namespace's limits) or 503 (the platform's bound), at
// once and never with a reset connection, and record every activation it
// accepted. Bounded: the offer stops at its time, the drain wait at 3 minutes.
import type { BenchClient } from '../lib/http.ts';
import { closedLoop, sleep, summarize, type Summary } from '../lib/load.ts';
import type { Row } from '../lib/report.ts';

/** The scenario's action: 50 ms of waiting, as an action calling a service would. */
export const SLOW_ACTION = {
  exec: { kind: 'nodejs:default', code: 'async function main() { await new Promise((resolve) => setTimeout(resolve, 50)); return { ok: true }; }' },
};

export interface OverloadResult {
  capacityPerSecond: number;
  offeredPerSecond: number;
  offered: number;
  accepted: number;
  /** Answers by status, other than 202. */
  refused: Record<string, number>;
  /** Requests that got no HTTP answer (reset, refused or timed-out connections). */
  connectionErrors: number;
  firstConnectionError?: string;
  /** Requests the generator did not send because too many were outstanding. */
  notSent: number;
  shedRate: number;
  answer: Summary;
  recorded: number;
  drainMs: number;
}

/** Requests outstanding at once, at most: past it the generator counts "not sent" rather than open sockets without end. */
const MAX_OUTSTANDING = 1_024;

export async function overloadScenario(client: BenchClient, name: string, options: { durationMs: number }): Promise<OverloadResult> {
  // Capacity: what the workers finish per second with more clients than slots, once the pool has grown to them.
  const call = async () => (await client.invoke(name, 'blocking=true&result=true')).status === 200;
  await closedLoop({ clients: 64, durationMs: 4_000, maxRequests: 50_000, call });
  const saturated = await closedLoop({
    clients: 64,
    durationMs: 5_000,
    maxRequests: 50_000,
    call,
  });
  const capacityPerSecond = Math.round((saturated.latencies.length / saturated.elapsedMs) * 1000);
  const offeredPerSecond = capacityPerSecond * 2;

  const t0 = Date.now();
  const ids = new Set<string>();
  const refused: Record<string, number> = {};
  const answers: number[] = [];
  let connectionErrors = 0;
  let firstConnectionError: string | undefined;
  let offered = 0;
  let notSent = 0;
  let outstanding = 0;
  const inFlight = new Set<Promise<void>>();
  const send = () => {
    if (outstanding >= MAX_OUTSTANDING) {
      notSent++;
      return;
    }
    offered++;
    outstanding++;
    const started = performance.now();
    const request = client
      .invoke(name, 'blocking=false')
      .then((response) => {
        answers.push(performance.now() - started);
        if (response.status === 202) ids.add((JSON.parse(response.text) as { activationId: string }).activationId);
        else refused[response.status] = (refused[response.status] ?? 0) + 1;
      })
      .catch((error: Error) => {
        connectionErrors++;
        firstConnectionError ??= error.message;
      })
      .finally(() => {
        outstanding--;
        inFlight.delete(request);
      });
    inFlight.add(request);
  };
  // Open loop: requests go out on the clock, whether or not earlier ones were answered.
  const tickMs = 10;
  const begin = performance.now();
  let due = 0;
  while (performance.now() - begin < options.durationMs) {
    const shouldHaveSent = Math.floor(((performance.now() - begin) / 1000) * offeredPerSecond);
    for (; due < shouldHaveSent; due++) send();
    await sleep(tickMs);
  }
  await Promise.all([...inFlight]);

  // Every accepted activation is recorded (read back by listing, 200 at a time).
  const recorded = new Set<string>();
  const deadline = Date.now() + 180_000;
  let lastEnd = t0;
  while (recorded.size < ids.size && Date.now() < deadline) {
    for (let skip = 0; ; skip += 200) {
      const page = await client.json<any[]>('GET', `/namespaces/_/activations?name=${encodeURIComponent(name)}&since=${t0}&limit=200&skip=${skip}`);
      if (page.status !== 200 || !Array.isArray(page.body)) break;
      for (const record of page.body) {
        if (!ids.has(record.activationId)) continue;
        recorded.add(record.activationId);
        lastEnd = Math.max(lastEnd, record.end);
      }
      if (page.body.length < 200) break;
    }
    if (recorded.size < ids.size) await sleep(500);
  }
  const shed = Object.entries(refused)
    .filter(([status]) => status === '429' || status === '503')
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    capacityPerSecond,
    offeredPerSecond,
    offered,
    accepted: ids.size,
    refused,
    connectionErrors,
    ...(firstConnectionError ? { firstConnectionError } : {}),
    notSent,
    shedRate: offered > 0 ? shed / offered : 0,
    answer: summarize(answers),
    recorded: recorded.size,
    drainMs: lastEnd - t0,
  };
}

export function overloadRows(o: OverloadResult): Row[] {
  const out: Row[] = [];
  const refusedText = Object.entries(o.refused)
    .map(([status, count]) => `${count}×${status}`)
    .join(', ');
  out.push({
    scenario: `overload: 2x capacity offered (${o.offeredPerSecond}/s)`,
    p50: o.answer.p50,
    p99: o.answer.p99,
    perSecond: o.capacityPerSecond,
    target: 'only 429/503, 0 resets, all recorded',
    met: Object.keys(o.refused).every((status) => status === '429' || status === '503') && o.connectionErrors === 0 && o.recorded === o.accepted,
    note: `capacity ${o.capacityPerSecond}/s; ${o.offered} offered, ${o.accepted} accepted, shed ${(o.shedRate * 100).toFixed(1)}% (${refusedText || 'none'}); ${o.connectionErrors} connection errors${o.firstConnectionError ? ` (${o.firstConnectionError})` : ''}; ${o.notSent} not sent; ${o.recorded}/${o.accepted} recorded, drained ${(o.drainMs / 1000).toFixed(1)} s after the first`,
  });
  return out;
}
