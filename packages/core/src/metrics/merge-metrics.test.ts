// Merging processes' snapshots: one family per name in the text, the series
// of every process side by side (their id labels keep them apart), identical
// series summed, and a snapshot that does not fit left out instead of
// failing the scrape.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { mergeMetrics } from './merge-metrics.ts';
import type { MetricsSnapshot } from './published-metrics.ts';

async function workerSnapshot(worker: string, activations: number, seconds: number[]): Promise<MetricsSnapshot> {
  const registry = new Registry();
  registry.setDefaultLabels({ worker });
  const counter = new Counter({ name: 'demo_activations_total', help: 'Activations', labelNames: ['action'], registers: [registry] });
  counter.inc({ action: 'hello' }, activations);
  const histogram = new Histogram({ name: 'demo_duration_seconds', help: 'Duration', labelNames: ['action'], buckets: [0.01, 0.1], registers: [registry] });
  for (const value of seconds) histogram.observe({ action: 'hello' }, value);
  return (await registry.getMetricsAsJSON()) as MetricsSnapshot;
}

describe('mergeMetrics', () => {
  it("gathers each family once, with every worker's series", async () => {
    // Through JSON, as they come out of Redis.
    const a = JSON.parse(JSON.stringify(await workerSnapshot('w1', 3, [0.005, 0.05])));
    const b = JSON.parse(JSON.stringify(await workerSnapshot('w2', 2, [0.5])));
    const text = await mergeMetrics([a, b]).metrics();

    expect(text.match(/^# TYPE demo_activations_total counter$/gm)).toHaveLength(1);
    expect(text).toContain('demo_activations_total{action="hello",worker="w1"} 3');
    expect(text).toContain('demo_activations_total{action="hello",worker="w2"} 2');
    expect(text.match(/^# TYPE demo_duration_seconds histogram$/gm)).toHaveLength(1);
    expect(text).toContain('demo_duration_seconds_bucket{le="0.01",action="hello",worker="w1"} 1');
    expect(text).toContain('demo_duration_seconds_bucket{le="0.1",action="hello",worker="w1"} 2');
    expect(text).toContain('demo_duration_seconds_bucket{le="+Inf",action="hello",worker="w2"} 1');
    expect(text).toContain('demo_duration_seconds_count{action="hello",worker="w2"} 1');
  });

  it('sums series that carry the same labels', async () => {
    const text = await mergeMetrics([await workerSnapshot('same', 3, []), await workerSnapshot('same', 4, [])]).metrics();
    expect(text).toContain('demo_activations_total{action="hello",worker="same"} 7');
  });

  it('leaves out a family whose type changed, and reads an unknown aggregator as a sum', async () => {
    const registry = new Registry();
    new Gauge({ name: 'demo_activations_total', help: 'now a gauge', registers: [registry] }).set(99);
    const changed = (await registry.getMetricsAsJSON()) as MetricsSnapshot;
    const odd = (await workerSnapshot('w3', 1, [])).map((metric) => ({ ...metric, aggregator: 'median' as never }));
    const text = await mergeMetrics([await workerSnapshot('w1', 3, []), changed, odd]).metrics();
    expect(text).not.toContain(' 99');
    expect(text).toContain('demo_activations_total{action="hello",worker="w1"} 3');
    expect(text).toContain('demo_activations_total{action="hello",worker="w3"} 1');
  });

  it('reads a value JSON turned from NaN into null as NaN again', async () => {
    const registry = new Registry();
    new Gauge({ name: 'demo_lag_seconds', help: 'not yet sampled', registers: [registry] }).set(Number.NaN);
    const throughJson = JSON.parse(JSON.stringify(await registry.getMetricsAsJSON()));
    expect(throughJson[0].values[0].value).toBeNull();
    expect(await mergeMetrics([throughJson]).metrics()).toContain('demo_lag_seconds Nan');
  });
});
