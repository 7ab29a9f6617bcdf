// The dashboard's numbers aggregated from the raw activation records, as the
// dashboard did before rollups: the reference the rollups are tested against
// and the benchmark's baseline. Its cost grows with the activations in the
// range (percentile_cont sorts them), so nothing a user opens calls it.
import { Prisma, type Db } from '@brisk/db';
import { type ActivationStats, type Aggregate, EMPTY_AGGREGATE, fillBuckets, STATS_RANGES, type StatsRange } from './activation-stats.ts';
import { SEQUENCE_KIND } from './kinds.ts';
import type { Caller } from './namespaces.ts';

/** Cold: the activation ran /init. Warm: it did not (sequences are neither). */
const aggregates = Prisma.sql`
  count(*)::int AS "invocations",
  (count(*) FILTER (WHERE "statusCode" <> 0))::int AS "errors",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY "duration") AS "p50",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY "duration") AS "p95",
  (count(*) FILTER (WHERE "annotations" @> '[{"key":"initTime"}]'))::int AS "cold",
  (count(*) FILTER (WHERE NOT "annotations" @> '[{"key":"initTime"}]'
                    AND NOT "annotations" @> ${JSON.stringify([{ key: 'kind', value: SEQUENCE_KIND }])}::jsonb))::int AS "warm"`;

/** `activationStats` from the records themselves, exact (percentile_cont), for records still kept. */
export async function rawActivationStats(db: Db, caller: Caller, options: { range: StatsRange; path?: string; now?: number }): Promise<ActivationStats> {
  const spec = STATS_RANGES[options.range];
  const to = options.now ?? Date.now();
  const from = to - spec.ms;
  const where = Prisma.sql`"namespaceId" = ${caller.namespaceId}::uuid AND "entityType" = 'action'
    AND "start" >= ${new Date(from)} AND "start" <= ${new Date(to)}
    ${options.path ? Prisma.sql`AND "path" = ${options.path}` : Prisma.empty}`;

  const [bucketRows, actionRows, totalRows] = await Promise.all([
    db.$queryRaw<(Aggregate & { bucket: Date })[]>(Prisma.sql`
      SELECT date_trunc(${spec.unit}, "start") AS "bucket", ${aggregates}
      FROM "Activation" WHERE ${where} GROUP BY 1 ORDER BY 1`),
    db.$queryRaw<(Aggregate & { path: string })[]>(Prisma.sql`
      SELECT "path", ${aggregates}
      FROM "Activation" WHERE ${where} GROUP BY "path" ORDER BY count(*) DESC, "path" LIMIT 20`),
    db.$queryRaw<Aggregate[]>(Prisma.sql`SELECT ${aggregates} FROM "Activation" WHERE ${where}`),
  ]);

  return {
    range: options.range,
    from,
    to,
    bucketMs: spec.stepMs,
    totals: numbers(totalRows[0] ?? EMPTY_AGGREGATE),
    buckets: fillBuckets(options.range, from, to, new Map(bucketRows.map((row) => [row.bucket.getTime(), numbers(row)]))),
    actions: actionRows.map((row) => ({ path: row.path, ...numbers(row) })),
  };
}

function numbers(row: Aggregate): Aggregate {
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
