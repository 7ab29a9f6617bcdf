// The dashboard's numbers: invocations, errors, p50/p95 durations and cold
// starts per time bucket and per action, read from the rollups
// (activation-rollups.ts), so a dashboard costs the same however many
// activations there were, and outlives the records' own retention.
import { Prisma, type Db } from '@brisk/db';
import { addToHistogram, GRANULARITY_MS, type Histogram, histogramPercentile, rollupCover, rollupCoverSql } from './activation-rollups.ts';
import type { Caller } from './namespaces.ts';

export const STATS_RANGES = {
  '1h': { ms: 60 * 60 * 1000, unit: 'minute', stepMs: 60 * 1000 },
  '24h': { ms: 24 * 60 * 60 * 1000, unit: 'hour', stepMs: 60 * 60 * 1000 },
  '7d': { ms: 7 * 24 * 60 * 60 * 1000, unit: 'hour', stepMs: 60 * 60 * 1000 },
  '30d': { ms: 30 * 24 * 60 * 60 * 1000, unit: 'day', stepMs: 24 * 60 * 60 * 1000 },
} as const;
export type StatsRange = keyof typeof STATS_RANGES;

export interface StatsBucket {
  /** Bucket start, epoch milliseconds (UTC). */
  time: number;
  invocations: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  cold: number;
  warm: number;
}

export interface ActionStats {
  path: string;
  invocations: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  cold: number;
  warm: number;
}

export interface ActivationStats {
  range: StatsRange;
  from: number;
  to: number;
  bucketMs: number;
  totals: Omit<ActionStats, 'path'>;
  buckets: StatsBucket[];
  actions: ActionStats[];
}

export type Aggregate = Omit<ActionStats, 'path'>;
export const EMPTY_AGGREGATE: Aggregate = { invocations: 0, errors: 0, p50: null, p95: null, cold: 0, warm: 0 };

/** The buckets of a range, gaps filled with zeros: date_trunc in UTC, in JavaScript, to line up with Postgres' buckets. */
export function fillBuckets(range: StatsRange, from: number, to: number, byTime: Map<number, Aggregate>): StatsBucket[] {
  const spec = STATS_RANGES[range];
  const buckets: StatsBucket[] = [];
  for (let time = Math.floor(from / spec.stepMs) * spec.stepMs; time <= to; time += spec.stepMs) {
    buckets.push({ time, ...(byTime.get(time) ?? EMPTY_AGGREGATE) });
  }
  return buckets;
}

/** Counters and a duration histogram, summed over rollup rows. */
class Tally {
  invocations = 0;
  errors = 0;
  cold = 0;
  warm = 0;
  readonly durations: Histogram = new Map();

  add(row: RollupRow): void {
    this.invocations += row.invocations;
    this.errors += row.errors;
    this.cold += row.cold;
    this.warm += row.warm;
    addToHistogram(this.durations, row.bin, row.invocations);
  }

  aggregate(): Aggregate {
    const percentile = (q: number) => {
      const value = histogramPercentile(this.durations, q);
      return value === null ? null : Math.round(value);
    };
    return { invocations: this.invocations, errors: this.errors, p50: percentile(0.5), p95: percentile(0.95), cold: this.cold, warm: this.warm };
  }
}

interface RollupRow {
  /** Null on a per-action row. */
  bucket: Date | null;
  path: string | null;
  bin: number;
  invocations: number;
  errors: number;
  cold: number;
  warm: number;
}

const TOP_ACTIONS = 20;

function tallyOf<K>(tallies: Map<K, Tally>, key: K): Tally {
  const found = tallies.get(key);
  if (found) return found;
  const tally = new Tally();
  tallies.set(key, tally);
  return tally;
}

/**
 * The caller's action activations of the last `range`, optionally of one
 * action path: per bucket (gaps filled with zeros), per action (the 20
 * busiest) and in total. From the rollups: the 1h and 24h ranges start at a
 * whole minute, 7d and 30d at a whole hour; p50 and p95 are estimates within
 * PERCENTILE_RELATIVE_ERROR (activation-rollups.ts).
 */
export async function activationStats(db: Db, caller: Caller, options: { range: StatsRange; path?: string; now?: number }): Promise<ActivationStats> {
  const spec = STATS_RANGES[options.range];
  const to = options.now ?? Date.now();
  const from = to - spec.ms;
  const edge = spec.ms <= GRANULARITY_MS.day ? GRANULARITY_MS.minute : GRANULARITY_MS.hour;
  const spans = rollupCover(Math.ceil(from / edge) * edge, Math.floor(to / GRANULARITY_MS.minute) * GRANULARITY_MS.minute + GRANULARITY_MS.minute, spec.unit);

  // One scan, grouped twice: by chart bucket and by action, each with its duration bins.
  const rows = await db.$queryRaw<RollupRow[]>(Prisma.sql`
    SELECT CASE WHEN GROUPING("bucket") = 0 THEN "bucket" END AS "bucket", CASE WHEN GROUPING("path") = 0 THEN "path" END AS "path", "bin",
           sum("invocations")::int AS "invocations", sum("errors")::int AS "errors", sum("cold")::int AS "cold", sum("warm")::int AS "warm"
    FROM (
      SELECT date_trunc(${spec.unit}, "bucketStart") AS "bucket", "path", "bin", "invocations", "errors", "cold", "warm"
      FROM "ActivationRollup"
      WHERE "namespaceId" = ${caller.namespaceId}::uuid AND (${rollupCoverSql(spans)})
        ${options.path ? Prisma.sql`AND "path" = ${options.path}` : Prisma.empty}
    ) AS r
    GROUP BY GROUPING SETS (("bucket", "bin"), ("path", "bin"))`);

  const total = new Tally();
  const byTime = new Map<number, Tally>();
  const byPath = new Map<string, Tally>();
  for (const row of rows) {
    if (row.bucket !== null) {
      tallyOf(byTime, row.bucket.getTime()).add(row);
      total.add(row);
    } else if (row.path !== null) {
      tallyOf(byPath, row.path).add(row);
    }
  }
  const actions = [...byPath]
    .sort(([pathA, a], [pathB, b]) => b.invocations - a.invocations || (pathA < pathB ? -1 : pathA > pathB ? 1 : 0))
    .slice(0, TOP_ACTIONS)
    .map(([path, tally]) => ({ path, ...tally.aggregate() }));
  return {
    range: options.range,
    from,
    to,
    bucketMs: spec.stepMs,
    totals: total.aggregate(),
    buckets: fillBuckets(options.range, from, to, new Map([...byTime].map(([time, tally]) => [time, tally.aggregate()]))),
    actions,
  };
}
