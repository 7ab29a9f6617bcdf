// The tests' reader of Prometheus text: names, escaped label values, special values.
import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sumOf } from './prometheus-text.ts';

describe('parsePrometheusText', () => {
  it('reads samples with and without labels, escapes and infinities included', () => {
    const text = [
      '# HELP demo_total A demo',
      '# TYPE demo_total counter',
      'demo_total{action="a \\"quoted\\" \\\\ name",kind="nodejs:18"} 3',
      'demo_total{action="line\\nbreak"} 1.5',
      'plain 7',
      'demo_bucket{le="+Inf"} 2',
      'demo_gauge -Inf',
      'demo_lag Nan',
      '',
    ].join('\n');
    const samples = parsePrometheusText(text);
    expect(samples).toEqual([
      { name: 'demo_total', labels: { action: 'a "quoted" \\ name', kind: 'nodejs:18' }, value: 3 },
      { name: 'demo_total', labels: { action: 'line\nbreak' }, value: 1.5 },
      { name: 'plain', labels: {}, value: 7 },
      { name: 'demo_bucket', labels: { le: '+Inf' }, value: 2 },
      { name: 'demo_gauge', labels: {}, value: Number.NEGATIVE_INFINITY },
      { name: 'demo_lag', labels: {}, value: Number.NaN },
    ]);
    expect(sumOf(samples, 'demo_total')).toBe(4.5);
    expect(sumOf(samples, 'demo_total', { kind: 'nodejs:18' })).toBe(3);
    expect(sumOf(samples, 'missing')).toBe(0);
  });

  it('refuses what is not a sample', () => {
    expect(() => parsePrometheusText('demo_total{action="open} 1')).toThrow();
    expect(() => parsePrometheusText('demo_total notanumber')).toThrow();
  });
});
