// The dashboard's numbers, aggregated in Postgres: invocations, errors,
// p50/p95 durations and cold starts per time bucket and per action.
import { Prisma, type Db } from '@brisk/db';
import { SEQUENCE_KIND } from './kinds.ts';
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

interface AggregateRow {
  invocations: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  cold: number;
  warm: number;
}

/** Cold: the activation ran /init. Warm: it did not (sequences are neither). */
const aggregates = Prisma.sql`
  count(*)::int AS "invocations",
  (count(*) FILTER (WHERE "statusCode" <> 0))::int AS "errors",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY "duration") AS "p50",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY "duration") AS "p95",
  (count(*) FILTER (WHERE "annotations" @> '[{"key":"initTime"}]'))::int AS "cold",
  (count(*) FILTER (WHERE NOT "annotations" @> '[{"key":"initTime"}]'
                    AND NOT "annotations" @> ${JSON.stringify([{ key: 'kind', value: SEQUENCE_KIND }])}::jsonb))::int AS "warm"`;

/**
 * Aggregates the caller's action activations of the last `range`, optionally
 * of one action path: per `date_trunc` bucket (gaps filled with zeros), per
 * action (the 20 busiest) and in total.
 */
export async function activationStats(db: Db, caller: Caller, options: { range: StatsRange; path?: string; now?: number }): Promise<ActivationStats> {
  const spec = STATS_RANGES[options.range];
  const to = options.now ?? Date.now();
  const from = to - spec.ms;
  const where = Prisma.sql`"namespaceId" = ${caller.namespaceId}::uuid AND "entityType" = 'action'
    AND "start" >= ${new Date(from)} AND "start" <= ${new Date(to)}
    ${options.path ? Prisma.sql`AND "path" = ${options.path}` : Prisma.empty}`;

  const [bucketRows, actionRows, totalRows] = await Promise.all([
    db.$queryRaw<(AggregateRow & { bucket: Date })[]>(Prisma.sql`
      SELECT date_trunc(${spec.unit}, "start") AS "bucket", ${aggregates}
      FROM "Activation" WHERE ${where} GROUP BY 1 ORDER BY 1`),
    db.$queryRaw<(AggregateRow & { path: string })[]>(Prisma.sql`
      SELECT "path", ${aggregates}
      FROM "Activation" WHERE ${where} GROUP BY "path" ORDER BY count(*) DESC, "path" LIMIT 20`),
    db.$queryRaw<AggregateRow[]>(Prisma.sql`SELECT ${aggregates} FROM "Activation" WHERE ${where}`),
  ]);

  const byTime = new Map(bucketRows.map((row) => [row.bucket.getTime(), row]));
  const buckets: StatsBucket[] = [];
  for (let time = truncate(from, spec.unit); time <= to; time += spec.stepMs) {
    const row = byTime.get(time);
    buckets.push(row ? { time, ...numbers(row) } : { time, invocations: 0, errors: 0, p50: null, p95: null, cold: 0, warm: 0 });
  }
  return {
    range: options.range,
    from,
    to,
    bucketMs: spec.stepMs,
    totals: numbers(totalRows[0] ?? { invocations: 0, errors: 0, p50: null, p95: null, cold: 0, warm: 0 }),
    buckets,
    actions: actionRows.map((row) => ({ path: row.path, ...numbers(row) })),
  };
}

function numbers(row: AggregateRow): AggregateRow {
  const round = (value: number | null) => (value === null ? null : Math.round(Number(value)));
  return {
    invocations: Number(row.invocations),
    errors: Number(row.errors),
    p50: round(row.p50),
    p95: round(row.p95),
    cold: Number(row.cold),
    warm: Number(row.warm),
  };
}

/** date_trunc in UTC, in JavaScript, to line the gap-filling up with Postgres' buckets. */
function truncate(time: number, unit: 'minute' | 'hour' | 'day'): number {
  const step = unit === 'minute' ? 60_000 : unit === 'hour' ? 3_600_000 : 86_400_000;
  return Math.floor(time / step) * step;
}
