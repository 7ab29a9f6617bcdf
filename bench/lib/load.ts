// Closed-loop load: N clients, each sending its next request when the last
// one answered. Every load is bounded by a request count and a duration.

export interface LoadOptions {
  clients: number;
  /** Stop starting requests after this long. */
  durationMs: number;
  /** Stop after this many requests in all. */
  maxRequests: number;
  /** One request; resolves true when it succeeded. */
  call: (index: number) => Promise<boolean>;
}

export interface LoadResult {
  clients: number;
  count: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** Milliseconds of each successful request. */
  latencies: number[];
}

export async function closedLoop(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const deadline = t0 + options.durationMs;
  const client = async () => {
    while (started < options.maxRequests && performance.now() < deadline) {
      const index = started++;
      const begin = performance.now();
      try {
        if (await options.call(index)) latencies.push(performance.now() - begin);
        else errors++;
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  return { clients: options.clients, count: started, errors, ...(firstError ? { firstError } : {}), elapsedMs: performance.now() - t0, latencies };
}

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) return { n: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1]!),
    mean: round(sorted.reduce((sum, x) => sum + x, 0) / sorted.length),
  };
}

/** Runs `work` `times` times one after another and summarizes how long each took (ms). */
export async function timeIt(times: number, work: () => Promise<unknown>): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
