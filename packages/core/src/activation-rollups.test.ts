// The rollups' arithmetic, without a database: bins, the percentile bound and
// which rows cover a range.
import { seededRandom } from '@brisk/testing/seeded-random';
import { describe, expect, it } from 'vitest';
import { binValue, durationBin, GRANULARITY_MS, histogramPercentile, PERCENTILE_RELATIVE_ERROR, rollupCover } from './activation-rollups.ts';

const { minute, hour, day } = GRANULARITY_MS;

/** percentile_cont over sorted values. */
function exactPercentile(sorted: number[], q: number): number {
  const rank = q * (sorted.length - 1);
  const below = Math.floor(rank);
  return sorted[below]! + (rank - below) * (sorted[Math.ceil(rank)]! - sorted[below]!);
}

describe('duration bins', () => {
  it('stand for every whole millisecond they hold within the stated relative error, exactly below 11 ms', () => {
    for (let duration = 1; duration <= 400_000; duration += duration < 2_000 ? 1 : 97) {
      const value = binValue(durationBin(duration));
      expect(Math.abs(value - duration) / duration).toBeLessThanOrEqual(PERCENTILE_RELATIVE_ERROR + 1e-12);
      if (duration <= 10) expect(value).toBe(duration);
    }
    expect(binValue(durationBin(0))).toBe(0);
    expect(PERCENTILE_RELATIVE_ERROR).toBeCloseTo(0.0476, 4);
  });

  it('estimate p50 and p95 of skewed samples within the bound', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 50; trial++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(Math.exp(random() * 11)));
      const histogram = new Map<number, number>();
      for (const value of values) histogram.set(durationBin(value), (histogram.get(durationBin(value)) ?? 0) + 1);
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of [0.5, 0.95]) {
        const exact = exactPercentile(sorted, q);
        expect(Math.abs(histogramPercentile(histogram, q)! - exact)).toBeLessThanOrEqual(PERCENTILE_RELATIVE_ERROR * exact + 1e-9);
      }
    }
    expect(histogramPercentile(new Map([[-1, 4]]), 0.5)).toBeNull();
  });
});

describe('rollup cover', () => {
  const at = (iso: string) => Date.parse(`${iso}Z`);

  it('takes whole days, then hours, then minutes at the edges, and leaves no gap or overlap', () => {
    const from = at('2026-06-01T22:17:00');
    const to = at('2026-06-05T01:03:00');
    const spans = rollupCover(from, to, 'day');
    expect(spans).toEqual([
      { granularity: 'minute', from, to: at('2026-06-01T23:00:00') },
      { granularity: 'hour', from: at('2026-06-01T23:00:00'), to: at('2026-06-02T00:00:00') },
      { granularity: 'day', from: at('2026-06-02T00:00:00'), to: at('2026-06-05T00:00:00') },
      { granularity: 'hour', from: at('2026-06-05T00:00:00'), to: at('2026-06-05T01:00:00') },
      { granularity: 'minute', from: at('2026-06-05T01:00:00'), to },
    ]);
  });

  it('is never coarser than the chart bucket, and falls back to finer rows when no whole one fits', () => {
    const from = at('2026-06-01T11:30:00');
    expect(rollupCover(from, from + hour + minute, 'minute')).toEqual([{ granularity: 'minute', from, to: from + hour + minute }]);
    expect(rollupCover(from, from + 2 * hour, 'hour').map((span) => span.granularity)).toEqual(['minute', 'hour', 'minute']);
    expect(rollupCover(from, from + 20 * minute, 'day')).toEqual([{ granularity: 'minute', from, to: from + 20 * minute }]);
    expect(rollupCover(from, from, 'day')).toEqual([]);
    // 30 days at an hour's precision: a bounded number of spans.
    expect(rollupCover(at('2026-05-02T13:00:00'), at('2026-06-01T12:31:00'), 'day').length).toBeLessThanOrEqual(5);
    expect(day).toBe(86_400_000);
  });
});
