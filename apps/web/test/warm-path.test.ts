// The warm path's shortcuts must not show: cached resolutions never run an
// updated or deleted action stale, and a record is readable the moment its
// blocking invoke answered (before it is in Postgres).
import { describe, expect, it } from 'vitest';
import { annotationValue, guest, nodeAction, pythonAction, uniqueName } from './helpers';

const version = (n: number) => nodeAction(`function main() { return { version: ${n} }; }`);

describe('the warm path', () => {
  it('runs an updated action at once, never the cached version', async () => {
    const name = uniqueName('updated');
    expect((await guest.putAction(name, version(1))).status).toBe(200);
    expect((await guest.invoke(name, {}, { blocking: true, result: true })).body).toEqual({ version: 1 });
    for (let n = 2; n <= 4; n++) {
      expect((await guest.putAction(name, version(n), true)).status).toBe(200);
      expect((await guest.invoke(name, {}, { blocking: true, result: true })).body).toEqual({ version: n });
    }
  });

  it('does not run a deleted action', async () => {
    const name = uniqueName('deleted');
    await guest.putAction(name, version(1));
    expect((await guest.invoke(name, {}, { blocking: true, result: true })).status).toBe(200);
    expect((await guest.request('DELETE', `/namespaces/_/actions/${name}`)).status).toBe(200);
    expect((await guest.invoke(name, {}, { blocking: true, result: true })).status).toBe(404);
  });

  it('finds the finished record right after a blocking invoke answered', async () => {
    const name = uniqueName('readback');
    await guest.putAction(name, nodeAction(`function main(p) { console.log('hi ' + p.n); return { n: p.n }; }`));
    for (let n = 0; n < 5; n++) {
      const run = await guest.invoke(name, { n });
      expect(run.status).toBe(200);
      const id = run.body.activationId as string;
      const [record, logs, result] = await Promise.all([
        guest.request('GET', `/namespaces/_/activations/${id}`),
        guest.request('GET', `/namespaces/_/activations/${id}/logs`),
        guest.request('GET', `/namespaces/_/activations/${id}/result`),
      ]);
      expect(record.status).toBe(200);
      expect(record.body.response).toEqual({ status: 'success', statusCode: 0, success: true, result: { n } });
      expect(logs.body.logs).toHaveLength(1);
      expect(logs.body.logs[0]).toMatch(new RegExp(`stdout: hi ${n}$`));
      expect(result.body.result).toEqual({ n });
    }
  });

  it('says that logs are not collected for an action running activations concurrently', async () => {
    const name = uniqueName('concurrent');
    await guest.putAction(name, nodeAction(`function main() { console.log('lost'); return { ok: true }; }`, { limits: { concurrency: 4 } }));
    const run = await guest.invoke(name);
    expect(run.status).toBe(200);
    expect(run.body.response.result).toEqual({ ok: true });
    expect(run.body.logs).toHaveLength(1);
    expect(run.body.logs[0]).toMatch(/Logs are not collected for actions whose concurrency limit is above 1/);
    expect(annotationValue(run.body, 'limits')).toMatchObject({ concurrency: 4 });
  });

  it('runs a Python action with concurrency above 1 several activations at once in one container, each with its own __OW_ variables', async () => {
    const name = uniqueName('concurrent-py');
    const code = [
      'import os, socket, threading, time',
      'lock = threading.Lock()',
      'state = {"active": 0}',
      'def main(args):',
      '    with lock:',
      '        state["active"] += 1',
      '        peak = state["active"]',
      '    activation = os.environ.get("__OW_ACTIVATION_ID")',
      '    time.sleep(args.get("sleep", 0))',
      '    with lock:',
      '        peak = max(peak, state["active"])',
      '        state["active"] -= 1',
      '    return {"host": socket.gethostname(), "peak": peak, "activation": activation}',
    ].join('\n');
    expect((await guest.putAction(name, pythonAction(code, { limits: { concurrency: 4 } }))).status).toBe(200);
    // Warm: the container exists, so the four below find it.
    const first = await guest.invoke(name, {});
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const runs = await Promise.all(Array.from({ length: 4 }, () => guest.invoke(name, { sleep: 2 })));
    for (const run of runs) expect(run.status, JSON.stringify(run.body)).toBe(200);
    const results = runs.map((run) => run.body.response.result as { host: string; peak: number; activation: string });
    // One container, and runs overlapping in it (one at a time, every peak would be 1).
    expect(new Set(results.map((result) => result.host))).toEqual(new Set([first.body.response.result.host]));
    expect(Math.max(...results.map((result) => result.peak))).toBeGreaterThanOrEqual(2);
    // Each run read its own activation id as it started.
    expect(results.map((result) => result.activation).sort()).toEqual(runs.map((run) => run.body.activationId).sort());
    expect(runs[0]!.body.logs[0]).toMatch(/Logs are not collected for actions whose concurrency limit is above 1/);
  });
});
