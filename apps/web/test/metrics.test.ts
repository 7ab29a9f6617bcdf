// GET /metrics against a Brisk of its own (a token, snapshots every 300 ms):
// the token is required; OpenWhisk's counters match the activations made,
// series by series; the pool, the queue and the web's latency are there with
// plausible values and bounded labels; a second worker's series arrive
// through Redis and leave once it is killed.
import { ApiClient } from '@brisk/testing/api-client';
import { startBrisk, type BriskInstance } from '@brisk/testing/brisk-instance';
import { parsePrometheusText, samplesOf, sumOf, type Sample } from '@brisk/testing/prometheus-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotationValue, nodeAction, uniqueName } from './helpers';

const TOKEN = `metrics-token-${crypto.randomUUID()}`;
const PUBLISH_MS = 300;
const POOL_MB = 2048;
const MIB = 1024 * 1024;

let brisk: BriskInstance;
let guest: ApiClient;

beforeAll(async () => {
  brisk = await startBrisk({
    env: { BRISK_METRICS_TOKEN: TOKEN, BRISK_METRICS_PUBLISH_MS: String(PUBLISH_MS) },
    workerEnv: { BRISK_POOL_MEMORY_MB: String(POOL_MB) },
  });
  guest = new ApiClient(brisk.url, brisk.guestKey);
});

afterAll(async () => {
  await brisk?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function scrapeWith(authorization?: string): Promise<Response> {
  return fetch(`${brisk.url}/metrics`, { headers: authorization ? { authorization } : {} });
}

async function scrape(): Promise<Sample[]> {
  const response = await scrapeWith(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

/** Scrapes until `done` holds (snapshots arrive every PUBLISH_MS), then returns that scrape. */
async function scrapeUntil(done: (samples: Sample[]) => boolean, timeoutMs = 10_000): Promise<Sample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const samples = await scrape();
    if (done(samples)) return samples;
    if (Date.now() > deadline) throw new Error('the metrics never got there');
    await sleep(100);
  }
}

describe('GET /metrics', () => {
  it('needs the bearer token BRISK_METRICS_TOKEN, and no API key', async () => {
    const none = await scrapeWith();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await scrapeWith(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrapeWith(`Basic ${Buffer.from(brisk.guestKey).toString('base64')}`)).status).toBe(401);
    const right = await scrapeWith(`Bearer ${TOKEN}`);
    expect(right.status).toBe(200);
    expect(right.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await right.text()).toMatch(/^# TYPE brisk_http_request_duration_seconds histogram$/m);
  });

  it("counts this test's activations exactly: a cold then a warm success, an application error", async () => {
    const hello = uniqueName('metrics-hello');
    const fails = uniqueName('metrics-fails');
    expect((await guest.putAction(hello, nodeAction('function main() { return { ok: true }; }'))).status).toBe(200);
    expect((await guest.putAction(fails, nodeAction("function main() { return { error: 'no' }; }"))).status).toBe(200);

    const first = await guest.invoke(hello);
    const second = await guest.invoke(hello);
    const failed = await guest.invoke(fails);
    expect([first.status, second.status, failed.status]).toEqual([200, 200, 502]);
    // The records say which was cold: the metrics must agree with them.
    expect(annotationValue(first.body, 'initTime')).toEqual(expect.any(Number));
    expect(annotationValue(second.body, 'initTime')).toBeUndefined();
    const kind = annotationValue(first.body, 'kind') as string;

    const series = (action: string) => ({ namespace: 'guest', initiator: 'guest', action, kind });
    await scrapeUntil(
      (s) => sumOf(s, 'openwhisk_action_activations_total', series(hello)) >= 2 && sumOf(s, 'openwhisk_action_activations_total', series(fails)) >= 1,
    );
    // Two more snapshots: nothing counted twice.
    await sleep(2 * PUBLISH_MS);
    const samples = await scrape();

    const activations = samplesOf(samples, 'openwhisk_action_activations_total', series(hello));
    expect(activations).toEqual([
      { name: 'openwhisk_action_activations_total', labels: { ...series(hello), memory: '256', worker: brisk.workerId }, value: 2 },
    ]);
    expect(sumOf(samples, 'openwhisk_action_coldStarts_total', series(hello))).toBe(1);
    expect(sumOf(samples, 'openwhisk_action_status', { ...series(hello), status: 'success' })).toBe(2);
    expect(samplesOf(samples, 'openwhisk_action_status', { ...series(hello), status: 'application_error' })).toEqual([]);
    expect(sumOf(samples, 'openwhisk_action_duration_seconds_count', series(hello))).toBe(2);
    expect(sumOf(samples, 'openwhisk_action_waitTime_seconds_count', series(hello))).toBe(2);
    expect(sumOf(samples, 'openwhisk_action_initTime_seconds_count', series(hello))).toBe(1);
    expect(sumOf(samples, 'openwhisk_action_initTime_seconds_sum', series(hello))).toBeCloseTo((annotationValue(first.body, 'initTime') as number) / 1000, 6);
    expect(sumOf(samples, 'openwhisk_action_duration_seconds_bucket', { ...series(hello), le: '+Inf' })).toBe(2);

    expect(sumOf(samples, 'openwhisk_action_activations_total', series(fails))).toBe(1);
    expect(sumOf(samples, 'openwhisk_action_status', { ...series(fails), status: 'application_error' })).toBe(1);
    expect(samplesOf(samples, 'openwhisk_action_status', { ...series(fails), status: 'success' })).toEqual([]);

    // The web's latency: by the route's template, never by a path with the action's name in it.
    const invokeRoute = { route: '/api/v1/namespaces/{namespace}/actions/{action+}', method: 'POST' };
    expect(sumOf(samples, 'brisk_http_request_duration_seconds_count', { ...invokeRoute, status: '200' })).toBe(2);
    expect(sumOf(samples, 'brisk_http_request_duration_seconds_count', { ...invokeRoute, status: '502' })).toBe(1);
    expect(sumOf(samples, 'brisk_http_request_duration_seconds_count', { ...invokeRoute, method: 'PUT', status: '200' })).toBe(2);
    const http = samplesOf(samples, 'brisk_http_request_duration_seconds_count');
    expect(http.length).toBeGreaterThan(0);
    for (const sample of http) {
      expect(sample.labels.replica).toEqual(expect.any(String));
      expect(sample.labels.route).not.toMatch(/metrics-hello|metrics-fails|guest/);
    }
  });

  it("shows the worker's pool and the queue's depth", async () => {
    const samples = await scrape();
    const worker = { worker: brisk.workerId };
    expect(sumOf(samples, 'brisk_pool_memory_budget_bytes', worker)).toBe(POOL_MB * MIB);
    const used = sumOf(samples, 'brisk_pool_memory_used_bytes', worker);
    // The previous test's two actions keep a warm container each, 256 MB apiece.
    expect(used).toBeGreaterThanOrEqual(2 * 256 * MIB);
    expect(used).toBeLessThanOrEqual(POOL_MB * MIB);
    for (const state of ['busy', 'warm', 'stem', 'creating', 'destroying']) {
      expect(samplesOf(samples, 'brisk_pool_containers', { ...worker, state })).toHaveLength(1);
    }
    expect(sumOf(samples, 'brisk_pool_containers', { ...worker, state: 'warm' })).toBeGreaterThanOrEqual(2);
    expect(sumOf(samples, 'brisk_pool_containers', { ...worker, state: 'busy' })).toBe(0);
    expect(sumOf(samples, 'brisk_pool_waiting_requests', worker)).toBe(0);
    // Three activations took a container: the warm one reused the first's.
    expect(sumOf(samples, 'brisk_pool_leases_total', worker)).toBe(3);
    expect(sumOf(samples, 'brisk_pool_leases_total', { ...worker, source: 'warm' })).toBe(1);
    // The worker's process, too.
    expect(sumOf(samples, 'process_cpu_seconds_total', worker)).toBeGreaterThan(0);

    for (const state of ['waiting', 'active', 'delayed']) {
      const depth = samplesOf(samples, 'brisk_queue_jobs', { queue: 'activations', state });
      expect(depth).toHaveLength(1);
      expect(depth[0]!.value).toBe(0);
    }
  });

  it("merges a second worker's series, and drops them once that worker is killed", async () => {
    const extra = await brisk.addWorker();
    const second = { worker: `${brisk.workerId}-2` };
    const alive = await scrapeUntil((s) => samplesOf(s, 'brisk_pool_memory_budget_bytes', second).length === 1);
    expect(sumOf(alive, 'brisk_pool_memory_budget_bytes', second)).toBe(POOL_MB * MIB);
    // One family, both workers' series in it.
    expect(samplesOf(alive, 'brisk_pool_memory_budget_bytes').map((sample) => sample.labels.worker)).toEqual(
      expect.arrayContaining([brisk.workerId, second.worker]),
    );

    extra.child.kill('SIGKILL');
    const killedAt = Date.now();
    const after = await scrapeUntil((s) => s.every((sample) => sample.labels.worker !== second.worker), 10_000);
    // Gone once its snapshot's lifetime (three intervals) is over, with room for a busy machine; the first worker's stay.
    expect(Date.now() - killedAt).toBeLessThan(3 * PUBLISH_MS + 5_000);
    expect(sumOf(after, 'brisk_pool_memory_budget_bytes', { worker: brisk.workerId })).toBe(POOL_MB * MIB);
  });
});
