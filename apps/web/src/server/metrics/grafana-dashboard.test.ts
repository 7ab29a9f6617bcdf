// The Grafana dashboard in docs/grafana: valid JSON, a Prometheus datasource
// variable every panel uses, and queries that name only metrics Brisk
// exports (a renamed metric must not leave a panel silently empty).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DASHBOARD = path.join(import.meta.dirname, '../../../../../docs/grafana/brisk-dashboard.json');

/** What the worker (activation-metrics.ts, pool-metrics.ts) and the web (http-metrics.ts, queue-metrics.ts) export, plus prom-client's process metrics. */
const EXPORTED = new Set([
  'openwhisk_action_activations_total',
  'openwhisk_action_coldStarts_total',
  'openwhisk_action_status',
  'openwhisk_action_waitTime_seconds_bucket',
  'openwhisk_action_initTime_seconds_bucket',
  'openwhisk_action_duration_seconds_bucket',
  'brisk_pool_containers',
  'brisk_pool_waiting_requests',
  'brisk_pool_memory_used_bytes',
  'brisk_pool_memory_budget_bytes',
  'brisk_pool_leases_total',
  'brisk_pool_container_events_total',
  'brisk_queue_jobs',
  'brisk_http_request_duration_seconds_bucket',
  'brisk_http_request_duration_seconds_count',
  'process_cpu_seconds_total',
]);

interface Panel {
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string }[];
}

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[]; templating: { list: { name: string; type: string; query: unknown }[] } };

  it('has a Prometheus datasource variable that every panel uses', () => {
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
    const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(panels.length).toBeGreaterThan(10);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, meant literally.
    const uid = '${datasource}';
    for (const panel of panels) expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid });
  });

  it('queries only metrics Brisk exports', () => {
    const named = new Set<string>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) {
        for (const [name] of target.expr.matchAll(/\b(?:openwhisk|brisk|process)_[A-Za-z_]+\b/g)) named.add(name);
      }
    }
    for (const name of named) expect(EXPORTED, name).toContain(name);
    // Every family of OpenWhisk's and the pool's is on some panel.
    for (const name of ['openwhisk_action_status', 'openwhisk_action_coldStarts_total', 'brisk_pool_containers', 'brisk_queue_jobs'])
      expect(named).toContain(name);
  });
});
