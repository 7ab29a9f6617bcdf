// The warm path's shortcuts must not show: cached resolutions never run an
// updated or deleted action stale, and a record is readable the moment its
// blocking invoke answered (before it is in Postgres).
import { describe, expect, it } from 'vitest';
import { annotationValue, guest, nodeAction, uniqueName } from './helpers';

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
});
