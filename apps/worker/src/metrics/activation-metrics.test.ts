// What one activation adds to OpenWhisk's metrics, read back as Prometheus
// text: the labels (the action's home namespace and the initiator apart),
// cold starts only for records with an initTime, status by code, and the
// per-namespace bound that folds further actions into `_other`.
import { jobRecord, type ActivationJob, type KeyValue } from '@brisk/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ActivationMetrics, OTHER_ACTIONS } from './activation-metrics.ts';

function job(name: string, extra: Partial<ActivationJob['action']> = {}): ActivationJob {
  return {
    activationId: '0'.repeat(32),
    namespaceId: 'ns-id',
    namespace: 'guest',
    subject: 'guest',
    action: { id: 'a', version: '0.0.1', packageName: '', name, kind: 'nodejs:18', ...extra },
    params: {},
    acceptedAt: 0,
  };
}

function record(j: ActivationJob, statusCode: 0 | 1 | 2 | 3, durationMs: number, annotations: KeyValue[]) {
  return jobRecord(j, { start: 1_000, end: 1_000 + durationMs, statusCode, result: {}, annotations });
}

const warm = [
  { key: 'waitTime', value: 3 },
  { key: 'kind', value: 'nodejs:18' },
  { key: 'limits', value: { memory: 256 } },
];
const cold = [...warm, { key: 'initTime', value: 40 }];

describe('ActivationMetrics', () => {
  it('counts activations, cold starts, statuses and times under OpenWhisk names and labels', async () => {
    const registry = new Registry();
    const metrics = new ActivationMetrics(registry, { actionsPerNamespace: 10 });
    const hello = job('hello');
    metrics.record(hello, record(hello, 0, 20, cold));
    metrics.record(hello, record(hello, 0, 2, warm));
    metrics.record(hello, record(hello, 1, 2, warm));
    // A shared package's action: it lives in whisk.system, guest invoked it.
    const echo = job('echo', { packageName: 'utils', home: 'whisk.system/utils/echo' });
    metrics.record(echo, record(echo, 3, 1, [{ key: 'kind', value: 'nodejs:18' }]));

    const text = await registry.metrics();
    const labels = 'namespace="guest",initiator="guest",action="hello",kind="nodejs:18"';
    expect(text).toContain(`openwhisk_action_activations_total{${labels},memory="256"} 3`);
    expect(text).toContain(`openwhisk_action_coldStarts_total{${labels}} 1`);
    expect(text).toContain(`openwhisk_action_status{${labels},status="success"} 2`);
    expect(text).toContain(`openwhisk_action_status{${labels},status="application_error"} 1`);
    expect(text).toContain(`openwhisk_action_initTime_seconds_count{${labels}} 1`);
    expect(text).toContain(`openwhisk_action_initTime_seconds_sum{${labels}} 0.04`);
    expect(text).toContain(`openwhisk_action_waitTime_seconds_count{${labels}} 3`);
    expect(text).toContain(`openwhisk_action_duration_seconds_sum{${labels}} 0.024`);
    expect(text).toContain(`openwhisk_action_duration_seconds_bucket{le="0.0025",${labels}} 2`);

    const shared = 'namespace="whisk.system",initiator="guest",action="utils/echo",kind="nodejs:18"';
    expect(text).toContain(`openwhisk_action_status{${shared},status="whisk_internal_error"} 1`);
    expect(text).toContain(`openwhisk_action_activations_total{${shared},memory=""} 1`);
    expect(text).not.toContain(`openwhisk_action_coldStarts_total{${shared}}`);
  });

  it('gives at most `actionsPerNamespace` actions of a namespace series of their own', async () => {
    const registry = new Registry();
    const metrics = new ActivationMetrics(registry, { actionsPerNamespace: 2 });
    for (const name of ['a', 'b', 'c', 'd', 'a']) metrics.record(job(name), record(job(name), 0, 1, warm));
    const text = await registry.metrics();
    const count = (action: string) =>
      new RegExp(`openwhisk_action_activations_total\\{namespace="guest",initiator="guest",action="${action}".* (\\d+)`).exec(text)?.[1];
    expect(count('a')).toBe('2');
    expect(count('b')).toBe('1');
    expect(count(OTHER_ACTIONS)).toBe('2');
    expect(text).not.toContain('action="c"');
  });
});
