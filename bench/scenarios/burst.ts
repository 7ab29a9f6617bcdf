// Bursts: 32 clients start at once on an action nobody has invoked, so every
// container it needs is started during the burst. What a user sees is the
// rate in the first seconds against the rate the same action reaches warm.
// Two bursts on two new actions, one after the other: the second shows what
// the pool learned from the first (stem cells refilled from recent demand).
import type { BenchClient } from '../lib/http.ts';
import { sleep } from '../lib/load.ts';
import { noopAction } from './actions.ts';
import type { Row } from '../lib/report.ts';

export interface BurstRun {
  /** Completed invocations per second in the first 2 s and the first 8 s. */
  first2s: number;
  first8s: number;
  /** The rate of the run's last 2 s. */
  steady: number;
  /** When a 500 ms window first reached 90 % of the warm rate; undefined if none did. */
  reachedWarmMs: number | undefined;
  errors: number;
  firstError?: string;
}

export interface BurstResult {
  clients: number;
  /** The first burst, and a second one on another new action right after it. */
  bursts: BurstRun[];
  /** The same action once its containers are there: the rate to reach. */
  warmRate: number;
}

const WINDOW_MS = 500;

export async function burstScenario(
  client: BenchClient,
  options: { clients: number; durationMs: number; prefix: string; created: string[] },
): Promise<BurstResult> {
  const runs: Awaited<ReturnType<typeof timedLoad>>[] = [];
  let warmRate = 0;
  for (let round = 0; round < 2; round++) {
    const name = `${options.prefix}-burst-${round}`;
    const put = await client.putAction(name, noopAction('nodejs'));
    if (put.status !== 200) throw new Error(`deploying the burst action answered ${put.status}: ${JSON.stringify(put.body)}`);
    options.created.push(name);
    runs.push(await timedLoad(client, name, options.clients, options.durationMs));
    // The warm rate: the same action again, with the containers the burst left.
    const warm = await timedLoad(client, name, options.clients, 4_000);
    warmRate = Math.max(warmRate, rateBetween(warm.ends, 1_000, 4_000));
    // Let the pool's reaper and stem refill run between the two bursts, as between a user's deploys.
    await sleep(1_500);
  }
  const bursts = runs.map(
    (run): BurstRun => ({
      first2s: rateBetween(run.ends, 0, 2_000),
      first8s: rateBetween(run.ends, 0, 8_000),
      steady: rateBetween(run.ends, options.durationMs - 2_000, options.durationMs),
      reachedWarmMs: firstWindowAt(run.ends, 0.9 * warmRate),
      errors: run.errors,
      ...(run.firstError ? { firstError: run.firstError } : {}),
    }),
  );
  return { clients: options.clients, bursts, warmRate: Math.round(warmRate) };
}

/** Closed-loop blocking invocations for `durationMs`, keeping the time (ms since the start) each one ended. */
async function timedLoad(client: BenchClient, name: string, clients: number, durationMs: number) {
  const ends: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const response = await client.invoke(name, 'blocking=true&result=true').catch((error: Error) => ({ status: 0, text: error.message }));
        if (response.status === 200) ends.push(performance.now() - t0);
        else {
          errors++;
          firstError ??= `${response.status} ${response.text.slice(0, 200)}`;
        }
      }
    }),
  );
  return { ends, errors, firstError };
}

function rateBetween(ends: number[], fromMs: number, toMs: number): number {
  const count = ends.filter((at) => at >= fromMs && at < toMs).length;
  return Math.round((count / (toMs - fromMs)) * 1000);
}

/** The end of the first 500 ms window whose rate reaches `rate`. */
function firstWindowAt(ends: number[], rate: number): number | undefined {
  const last = Math.max(0, ...ends);
  for (let start = 0; start + WINDOW_MS <= last; start += 100) {
    if (rateBetween(ends, start, start + WINDOW_MS) >= rate) return start + WINDOW_MS;
  }
  return undefined;
}

export function burstRows(b: BurstResult): Row[] {
  const out: Row[] = [];
  b.bursts.forEach((burst, index) => {
    out.push({
      scenario: `burst ${b.clients} clients, new action #${index + 1}`,
      perSecond: burst.first2s,
      target: 'warm rate within 2 s',
      met: burst.errors === 0 && burst.reachedWarmMs !== undefined && burst.reachedWarmMs <= 2_000,
      note: `per second: first 2 s ${burst.first2s}, first 8 s ${burst.first8s}, last 2 s ${burst.steady}, warm ${b.warmRate}; 90% of warm after ${burst.reachedWarmMs ?? 'never'} ms${burst.errors ? `; ${burst.errors} errors: ${burst.firstError ?? ''}` : ''}`,
    });
  });
  return out;
}
