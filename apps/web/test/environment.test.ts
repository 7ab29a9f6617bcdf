// Environment variables and secrets of actions and packages, through the real
// API and worker: they reach the action's process environment (never its
// parameters), the action's own value wins over its package's, a change
// reaches the very next activation, bad names are refused with nothing
// written, and no value shows up in GET answers, activation records, the
// stored input, the version history or the processes' logs.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createDb } from '@brisk/db';
import { ApiClient } from '@brisk/testing/api-client';
import { startBrisk, type BriskInstance } from '@brisk/testing/brisk-instance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, waitFor } from './helpers';

let brisk: BriskInstance;
let api: ApiClient;
let db: ReturnType<typeof createDb>;
beforeAll(async () => {
  brisk = await startBrisk();
  api = new ApiClient(brisk.url, brisk.guestKey);
  db = createDb(brisk.databaseUrl, { poolSize: 1 });
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await brisk?.stop();
});

const SECRET = `s3cr3t-${Math.random().toString(36).slice(2)}-value`;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

// Answers what it sees without ever printing or returning a value: its hash, and the parameter names.
const NODE_READER = `
  const { createHash } = require('node:crypto');
  const seen = (v) => v === undefined ? null : createHash('sha256').update(v).digest('hex');
  function main(params) {
    console.log('ran with', Object.keys(params).join(','));
    return { token: seen(process.env.TOKEN), shared: seen(process.env.SHARED), params: Object.keys(params) };
  }`;
const PYTHON_READER = `
import hashlib, os
def main(params):
    v = os.environ.get('TOKEN')
    return {'token': hashlib.sha256(v.encode()).hexdigest() if v is not None else None}
`;

const envPath = (action: string) => `/namespaces/_/env/actions/${action}`;

async function resultOf(name: string, params: unknown = {}) {
  const response = await api.invoke(name, params);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

describe('environment variables of an action', () => {
  it('reach process.env (not the parameters), are masked on GET, and appear nowhere in clear', async () => {
    const name = uniqueName('env');
    expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: NODE_READER }, parameters: [{ key: 'p', value: 1 }] })).status).toBe(200);
    const put = await api.request('PUT', envPath(name), { body: { TOKEN: SECRET } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toEqual({ variables: [{ name: 'TOKEN', set: true }] });

    const record = await resultOf(name, { q: 2 });
    expect(record.response.result).toEqual({ token: sha(SECRET), shared: null, params: ['p', 'q'] });

    // Nowhere in clear: GETs, the record with its input, the logs, the stored rows, the processes' logs.
    const reads = [
      await api.request('GET', envPath(name)),
      await api.request('GET', `/namespaces/_/actions/${name}`),
      // The input is read from Postgres, which takes the record a moment after a blocking caller hears it.
      await waitFor(async () => {
        const read = await api.request('GET', `/namespaces/_/activations/${record.activationId}`, { query: { input: true } });
        return read.body?.input ? read : undefined;
      }, 10_000),
      await api.request('GET', '/namespaces/_/activations', { query: { docs: true, name } }),
    ];
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain(SECRET);
    }
    expect(reads[0]!.body).toEqual({ variables: [{ name: 'TOKEN', set: true }] });
    expect(reads[2]!.body.input.params).toEqual({ p: 1, q: 2 });
    const rows = await db.$queryRawUnsafe<{ text: string }[]>(
      `SELECT row_to_json(a)::text AS text FROM "Action" a UNION ALL SELECT row_to_json(v)::text FROM "ActionVersion" v UNION ALL SELECT row_to_json(r)::text FROM "Activation" r`,
    );
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(row.text).not.toContain(SECRET);
    for (const file of [brisk.worker.logFile, brisk.web.logFile]) expect(await readFile(file, 'utf8')).not.toContain(SECRET);
  });

  it('reach os.environ in Python too', async () => {
    const name = uniqueName('env-py');
    expect((await api.putAction(name, { exec: { kind: 'python:default', code: PYTHON_READER } })).status).toBe(200);
    expect((await api.request('PUT', envPath(name), { body: { TOKEN: SECRET } })).status).toBe(200);
    expect((await resultOf(name)).response.result).toEqual({ token: sha(SECRET) });
  });

  it('apply to the next activation: the warm container made with the old value is not reused', async () => {
    const name = uniqueName('env-change');
    expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: NODE_READER } })).status).toBe(200);
    expect((await api.request('PUT', envPath(name), { body: { TOKEN: 'one' } })).status).toBe(200);
    expect((await resultOf(name)).response.result.token).toBe(sha('one'));
    const warm = await resultOf(name);
    expect(warm.annotations.find((entry: { key: string }) => entry.key === 'initTime')).toBeUndefined();

    expect((await api.request('PUT', envPath(name), { body: { TOKEN: 'two' } })).status).toBe(200);
    const changed = await resultOf(name);
    expect(changed.response.result.token).toBe(sha('two'));
    expect(changed.annotations.find((entry: { key: string }) => entry.key === 'initTime')).toBeDefined();

    // Deleting one: gone from the listing and from the next activation.
    expect((await api.request('PUT', envPath(name), { body: { TOKEN: null } })).body).toEqual({ variables: [] });
    expect((await resultOf(name)).response.result.token).toBeNull();
  });

  it('refuses bad names and values with 400 saying why, and writes nothing', async () => {
    const name = uniqueName('env-bad');
    expect((await api.putAction(name, { exec: { kind: 'nodejs:default', code: NODE_READER } })).status).toBe(200);
    const bad = await api.request('PUT', envPath(name), { body: { GOOD: 'x', '1BAD': 'y', __OW_API_KEY: 'z', 'with-dash': 'w' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('"1BAD" is not a name');
    expect(bad.body.error).toContain('__OW_API_KEY starts with __OW_');
    expect(bad.body.error).toContain('"with-dash" is not a name');
    const notString = await api.request('PUT', envPath(name), { body: { GOOD: 42 } });
    expect(notString.status).toBe(400);
    expect(notString.body.error).toContain('the value of GOOD must be a string');
    expect((await api.request('PUT', envPath(name), { body: ['A'] })).status).toBe(400);
    expect((await api.request('PUT', envPath(name), { body: { BIG: 'x'.repeat(33 * 1024) } })).status).toBe(400);
    // Nothing was written: GOOD, valid on its own, is not set.
    expect((await api.request('GET', envPath(name))).body).toEqual({ variables: [] });
    expect((await api.request('GET', envPath(`${name}-missing`))).status).toBe(404);
  });
});

describe('environment variables of a package', () => {
  it("reach its actions, under the action's own, and a binding cannot have any", async () => {
    const pkg = uniqueName('envpkg');
    expect((await api.request('PUT', `/namespaces/_/packages/${pkg}`, { body: {} })).status).toBe(200);
    const set = await api.request('PUT', `/namespaces/_/env/packages/${pkg}`, { body: { SHARED: 'from-package', TOKEN: 'package-token' } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.variables.map((variable: { name: string }) => variable.name)).toEqual(['SHARED', 'TOKEN']);
    expect(JSON.stringify((await api.request('GET', `/namespaces/_/env/packages/${pkg}`)).body)).not.toContain('from-package');

    const action = `${pkg}/reader`;
    expect((await api.putAction(action, { exec: { kind: 'nodejs:default', code: NODE_READER } })).status).toBe(200);
    expect((await resultOf(action)).response.result).toMatchObject({ token: sha('package-token'), shared: sha('from-package') });

    expect((await api.request('PUT', envPath(action), { body: { TOKEN: 'action-token' } })).status).toBe(200);
    expect((await resultOf(action)).response.result).toMatchObject({ token: sha('action-token'), shared: sha('from-package') });

    // A package change reaches the actions' next activation too.
    expect((await api.request('PUT', `/namespaces/_/env/packages/${pkg}`, { body: { SHARED: 'changed' } })).status).toBe(200);
    expect((await resultOf(action)).response.result).toMatchObject({ shared: sha('changed') });

    const binding = uniqueName('envbind');
    expect((await api.request('PUT', `/namespaces/_/packages/${binding}`, { body: { binding: { namespace: '_', name: pkg } } })).status).toBe(200);
    const refused = await api.request('PUT', `/namespaces/_/env/packages/${binding}`, { body: { A: 'b' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('is a binding');
    // Through the binding, the bound package's variables apply.
    expect((await resultOf(`${binding}/reader`)).response.result).toMatchObject({ shared: sha('changed') });
  });
});
