// The dashboard's rollups ("ActivationRollup", maintained by a trigger on
// "Activation", prisma/migrations/20261213000000_activation_rollups): what a
// duration bin stands for, how a percentile is estimated from bins, which
// rollup rows cover a time range, and how long each granularity is kept.
//
// Bins grow by DURATION_GROWTH: bin b >= 1 holds [g^(b-1), g^b) ms, bin 0
// holds 0 ms, -1 an activation without a duration. A bin stands for the value
// with the least worst-case relative error, 2·lo·hi/(lo+hi), so any duration
// in it is within (g-1)/(g+1) of it; a percentile interpolated between two
// such values keeps that bound (both are positive), so an estimated p50/p95
// is within PERCENTILE_RELATIVE_ERROR (4.8%) of percentile_cont over the raw
// rows, plus rounding to whole milliseconds.
import { Prisma, type Db } from '@brisk/db';

/** Must match brisk_duration_bin() in the migration. */
export const DURATION_GROWTH = 1.1;
export const PERCENTILE_RELATIVE_ERROR = (DURATION_GROWTH - 1) / (DURATION_GROWTH + 1);
/** The bin of records without a duration: counted, but not in percentiles. */
export const NO_DURATION_BIN = -1;

export type Granularity = 'minute' | 'hour' | 'day';
export const GRANULARITY_MS: Record<Granularity, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * How long rollup rows are kept, by granularity. Minutes serve the 1h and 24h
 * ranges to the minute; hours and days the 7d and 30d ranges (whose first
 * hour is whole, see `rollupCover`), with two days to spare.
 */
export const ROLLUP_KEPT_DAYS: Record<Granularity, number> = { minute: 2, hour: 32, day: 32 };

/** A bin's duration in JavaScript, as brisk_duration_bin() computes it in Postgres (for tests and estimates). */
export function durationBin(duration: number | null): number {
  if (duration === null) return NO_DURATION_BIN;
  if (duration <= 0) return 0;
  return 1 + Math.floor(Math.log(duration) / Math.log(DURATION_GROWTH));
}

/** The value a bin stands for: the least worst-case relative error, kept within the whole milliseconds the bin can hold. */
export function binValue(bin: number): number {
  if (bin <= 0) return 0;
  const lo = DURATION_GROWTH ** (bin - 1);
  const hi = DURATION_GROWTH ** bin;
  const value = (2 * lo * hi) / (lo + hi);
  // Durations are whole milliseconds: a bin that holds one integer stands for it exactly.
  return Math.min(Math.max(value, Math.ceil(lo)), Math.max(Math.ceil(lo), Math.ceil(hi) - 1));
}

/** Durations counted by bin. */
export type Histogram = Map<number, number>;

export function addToHistogram(histogram: Histogram, bin: number, count: number): void {
  histogram.set(bin, (histogram.get(bin) ?? 0) + count);
}

/**
 * The q-th percentile (0..1) as percentile_cont computes it (linear between
 * the order statistics at q·(n-1)), with each order statistic estimated by its
 * bin's value; null without durations.
 */
export function histogramPercentile(histogram: Histogram, q: number): number | null {
  const bins = [...histogram].filter(([bin, count]) => bin !== NO_DURATION_BIN && count > 0).sort((a, b) => a[0] - b[0]);
  const n = bins.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return null;
  const rank = q * (n - 1);
  const below = Math.floor(rank);
  const orderStatistic = (k: number): number => {
    let seen = 0;
    for (const [bin, count] of bins) {
      seen += count;
      if (k < seen) return binValue(bin);
    }
    return binValue(bins[bins.length - 1]![0]);
  };
  const low = orderStatistic(below);
  const high = orderStatistic(Math.ceil(rank));
  return low + (rank - below) * (high - low);
}

export interface RollupSpan {
  granularity: Granularity;
  /** Inclusive bucket start, epoch ms. */
  from: number;
  /** Exclusive. */
  to: number;
}

const floorTo = (time: number, step: number) => Math.floor(time / step) * step;
const ceilTo = (time: number, step: number) => Math.ceil(time / step) * step;

/**
 * The rollup rows that add up to [from, to): whole days where they fit, then
 * whole hours, then minutes at the edges, never coarser than `coarsest` (a
 * chart bucket must not be split). Both ends must be whole minutes. At most
 * 2·(23 + 59) + 30 spans' worth of rows per action and bin, however many
 * activations there were.
 */
export function rollupCover(from: number, to: number, coarsest: Granularity): RollupSpan[] {
  const levels: Granularity[] = coarsest === 'day' ? ['day', 'hour', 'minute'] : coarsest === 'hour' ? ['hour', 'minute'] : ['minute'];
  const cover = (a: number, b: number, [level, ...finer]: Granularity[]): RollupSpan[] => {
    if (a >= b || level === undefined) return [];
    if (finer.length === 0) return [{ granularity: level, from: a, to: b }];
    const step = GRANULARITY_MS[level];
    const whole = { from: ceilTo(a, step), to: floorTo(b, step) };
    if (whole.from >= whole.to) return cover(a, b, finer);
    return [...cover(a, whole.from, finer), { granularity: level, ...whole }, ...cover(whole.to, b, finer)];
  };
  return cover(from, to, levels);
}

/** The SQL condition selecting a cover's rows. */
export function rollupCoverSql(spans: RollupSpan[]): Prisma.Sql {
  if (spans.length === 0) return Prisma.sql`false`;
  return Prisma.join(
    spans.map((span) => Prisma.sql`("granularity" = ${span.granularity} AND "bucketStart" >= ${new Date(span.from)} AND "bucketStart" < ${new Date(span.to)})`),
    ' OR ',
  );
}

/** Deletes rollup rows past their granularity's keeping (ROLLUP_KEPT_DAYS), namespace by namespace along the primary key; answers how many went. */
export async function purgeExpiredRollups(db: Db, options: { now?: number } = {}): Promise<number> {
  const now = options.now ?? Date.now();
  const namespaces = await db.namespace.findMany({ select: { id: true } });
  let deleted = 0;
  for (const namespace of namespaces) {
    for (const granularity of Object.keys(ROLLUP_KEPT_DAYS) as Granularity[]) {
      const before = new Date(floorTo(now - ROLLUP_KEPT_DAYS[granularity] * GRANULARITY_MS.day, GRANULARITY_MS[granularity]));
      deleted += await db.$executeRaw(Prisma.sql`
        DELETE FROM "ActivationRollup" WHERE "namespaceId" = ${namespace.id}::uuid AND "granularity" = ${granularity} AND "bucketStart" < ${before}`);
    }
  }
  return deleted;
}
