// The admin REST API (/api/v1/admin), against a Brisk of its own started with
// an operator token: every route needs that token (an API key is not one),
// each operation works and says clearly what is wrong, and the shared test
// Brisk, started without a token, answers that the admin API is disabled.
import { machineDefaultLimits, platformSize } from '@brisk/core';
import { ApiClient } from '@brisk/testing/api-client';
import { type BriskInstance, startBrisk } from '@brisk/testing/brisk-instance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedPaths } from '../src/server/rest/openapi';
import { API_ROUTES } from '../src/server/rest/routes';
import { brisk as sharedBrisk, nodeAction, uniqueName } from './helpers';

const TOKEN = 'operator-token-for-the-admin-api-test';
// Wrong tokens allowed per address and minute before 429 (the failed-authentication limit per key id, as the admin API uses it).
const WRONG_TOKENS_ALLOWED = 40;
let brisk: BriskInstance;

beforeAll(async () => {
  brisk = await startBrisk({ env: { BRISK_ADMIN_TOKEN: TOKEN, BRISK_FAILED_AUTH_PER_KEY: String(WRONG_TOKENS_ALLOWED) } });
});

afterAll(async () => {
  await brisk?.stop();
});

/** A request to the admin API: `token` null sends none. */
async function adminCall(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; rawBody?: string; url?: string; headers?: Record<string, string> } = {},
) {
  const token = options.token === undefined ? TOKEN : options.token;
  const headers: Record<string, string> = { ...options.headers };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return new ApiClient(options.url ?? brisk.url).request(method, `/admin${path}`, {
    headers,
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(options.rawBody !== undefined ? { rawBody: options.rawBody, headers: { ...headers, 'content-type': 'application/json' } } : {}),
  });
}

/** [method, path below /api/v1] of every admin route of the table, with its parameters filled in. */
const ADMIN_ROUTES: [string, string][] = API_ROUTES.filter((route) => route.auth === 'admin').flatMap((route) =>
  documentedPaths(route).map((path): [string, string] => [
    route.method,
    path.replace('/api/v1/admin', '').replace(/\{(\w+)\}/g, (_, name: string) => (name === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'guest')),
  ]),
);

describe('the admin API', () => {
  it('has every operation of the CLI in the route table, under /admin', () => {
    expect(ADMIN_ROUTES.map(([method, path]) => `${method} ${path}`).sort()).toEqual(
      [
        'GET /namespaces',
        'PUT /namespaces/guest',
        'DELETE /namespaces/guest',
        'GET /namespaces/guest/keys',
        'POST /namespaces/guest/keys',
        'DELETE /keys/00000000-0000-4000-8000-000000000000',
        'GET /namespaces/guest/limits',
        'PATCH /namespaces/guest/limits',
      ].sort(),
    );
  });

  it.each(ADMIN_ROUTES)('refuses %s %s without the operator token, with a wrong one, or with an API key: 401', async (method, path) => {
    for (const token of [null, 'wrong-token-of-some-length', `${TOKEN}x`]) {
      const response = await adminCall(method, path, { token, ...(method === 'PATCH' ? { body: { invocationsPerMinute: 1 } } : {}) });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: expect.stringMatching(/operator token/), code: expect.any(String) });
    }
    const withKey = await new ApiClient(brisk.url, brisk.guestKey).request(method, `/admin${path}`);
    expect(withKey.status).toBe(401);
    // Nothing was done: guest's limits are still the defaults.
    expect((await adminCall('GET', '/namespaces/guest/limits')).body.own.invocationsPerMinute).toBeNull();
  });

  it('is disabled, with a message saying so, where BRISK_ADMIN_TOKEN is not set', async () => {
    for (const [method, path] of ADMIN_ROUTES) {
      const response = await adminCall(method, path, { url: sharedBrisk.url, token: TOKEN });
      expect(response.status).toBe(403);
      expect(response.body.error).toMatch(/The admin API is disabled: set BRISK_ADMIN_TOKEN/);
    }
  });

  it('creates and lists namespaces, refusing a taken name with 409 and bad names with 400', async () => {
    const name = uniqueName('api-tenant');
    const created = await adminCall('PUT', `/namespaces/${name}`);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ namespace: name, uuid: expect.any(String), key: expect.stringMatching(/^[0-9a-f-]{36}:[A-Za-z0-9]{64}$/) });
    expect((await new ApiClient(brisk.url, created.body.key).request('GET', '/namespaces')).body).toEqual([name]);
    const listed = await adminCall('GET', '/namespaces');
    expect(listed.status).toBe(200);
    expect(listed.body).toContainEqual({ name, createdAt: expect.any(String), keys: 1, ownLimits: false });

    const taken = await adminCall('PUT', `/namespaces/${name}`);
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe(`The namespace "${name}" already exists.`);
    const slash = await adminCall('PUT', '/namespaces/bad%2Fname');
    expect(slash.status).toBe(400);
    expect(slash.body.error).toMatch(/The namespace name "bad\/name" is not valid/);
    expect((await adminCall('PUT', '/namespaces/_')).status).toBe(400);
    expect((await adminCall('PUT', `/namespaces/${'n'.repeat(257)}`)).body.error).toMatch(/257 characters long/);
    expect((await adminCall('PUT', '/namespaces/with%20space')).status).toBe(201);
  });

  it('adds, lists and revokes keys; a revoked key is refused at once; unknown ones are 404', async () => {
    const name = uniqueName('api-keys');
    const first = (await adminCall('PUT', `/namespaces/${name}`)).body;
    const added = await adminCall('POST', `/namespaces/${name}/keys`);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ namespace: name, uuid: expect.any(String) });
    const keys = await adminCall('GET', `/namespaces/${name}/keys`);
    expect(keys.body).toEqual([
      { uuid: first.uuid, createdAt: expect.any(String), actionKey: false },
      { uuid: added.body.uuid, createdAt: expect.any(String), actionKey: false },
    ]);
    expect((await adminCall('POST', '/namespaces/no-such-ns/keys')).status).toBe(404);
    expect((await adminCall('GET', '/namespaces/no-such-ns/keys')).body.error).toBe('There is no namespace "no-such-ns".');
    expect((await adminCall('POST', '/namespaces/whisk.system/keys')).status).toBe(403);

    const client = new ApiClient(brisk.url, first.key);
    expect((await client.request('GET', '/namespaces/_/actions')).status).toBe(200);
    const revoked = await adminCall('DELETE', `/keys/${first.uuid}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ uuid: first.uuid, namespace: name, notified: true });
    expect((await client.request('GET', '/namespaces/_/actions')).status).toBe(401);
    expect((await new ApiClient(brisk.url, added.body.key).request('GET', '/namespaces/_/actions')).status).toBe(200);
    expect((await adminCall('DELETE', `/keys/${first.uuid}`)).status).toBe(404);
    const notUuid = await adminCall('DELETE', '/keys/nope');
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.error).toMatch(/is not a key id/);
  });

  it('gets and sets limits; the throttle applies them to the next invocation; bad values are 400 and change nothing', async () => {
    const name = uniqueName('api-limits');
    const { key } = (await adminCall('PUT', `/namespaces/${name}`)).body;
    const client = new ApiClient(brisk.url, key);
    expect((await client.putAction('tick', nodeAction('function main() { return {}; }'))).status).toBe(200);
    expect((await client.invoke('tick', {}, { blocking: false })).status).toBe(202);

    const fresh = await adminCall('GET', `/namespaces/${name}/limits`);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual({
      namespace: name,
      effective: fresh.body.defaults,
      own: { invocationsPerMinute: null, concurrentInvocations: null, firesPerMinute: null, activationRetentionDays: null },
      // Sized to this machine and its one worker's slots (machine-limits.ts); the instance runs with this process's environment.
      defaults: { ...machineDefaultLimits(), activationRetentionDays: 7 },
      size: platformSize(),
    });
    for (const [body, message] of [
      [{ invocationsPerMinute: -1 }, /invocationsPerMinute/],
      [{ invocationsPerMinute: 2, concurrentInvocations: 'many' }, /concurrentInvocations/],
      [{ memoryMb: 256 }, /memoryMb/],
      [{}, /at least one limit/],
    ] as const) {
      const refused = await adminCall('PATCH', `/namespaces/${name}/limits`, { body });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatch(message);
    }
    expect((await adminCall('PATCH', `/namespaces/${name}/limits`, { rawBody: '{"invocationsPerMinute": ' })).status).toBe(400);
    expect((await adminCall('PATCH', '/namespaces/no-such-ns/limits', { body: { invocationsPerMinute: 2 } })).status).toBe(404);
    expect((await adminCall('GET', `/namespaces/${name}/limits`)).body).toEqual(fresh.body);

    const set = await adminCall('PATCH', `/namespaces/${name}/limits`, { body: { invocationsPerMinute: 2 } });
    expect(set.status).toBe(200);
    expect(set.body.effective.invocationsPerMinute).toBe(2);
    expect(set.body.own).toMatchObject({ invocationsPerMinute: 2, concurrentInvocations: null });
    expect((await client.invoke('tick', {}, { blocking: false })).status).toBe(202);
    const third = await client.invoke('tick', {}, { blocking: false });
    expect(third.status).toBe(429);
    expect(third.body.error).toMatch(/allowed: 2/);

    const reset = await adminCall('PATCH', `/namespaces/${name}/limits`, { body: { invocationsPerMinute: null } });
    expect(reset.body.own.invocationsPerMinute).toBeNull();
    expect((await client.invoke('tick', {}, { blocking: false })).status).toBe(202);
  });

  it('deletes a namespace and everything in it, refusing guest and whisk.system', async () => {
    const name = uniqueName('api-gone');
    const { key } = (await adminCall('PUT', `/namespaces/${name}`)).body;
    const client = new ApiClient(brisk.url, key);
    expect((await client.putAction('a', nodeAction('function main() { return {}; }'))).status).toBe(200);
    expect((await client.request('GET', '/namespaces/_/actions/a')).status).toBe(200);
    const deleted = await adminCall('DELETE', `/namespaces/${name}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({
      namespace: name,
      deleted: { keys: 1, actions: 1, packages: 0, triggers: 0, rules: 0, activations: 0 },
      notified: true,
    });
    expect((await client.request('GET', '/namespaces/_/actions/a')).status).toBe(401);
    expect((await adminCall('DELETE', `/namespaces/${name}`)).status).toBe(404);
    const guest = await adminCall('DELETE', '/namespaces/guest');
    expect(guest.status).toBe(403);
    expect(guest.body.error).toMatch(/development namespace/);
    expect((await adminCall('DELETE', '/namespaces/whisk.system')).body.error).toMatch(/platform's catalog/);
    expect((await new ApiClient(brisk.url, brisk.guestKey).request('GET', '/namespaces')).status).toBe(200);
  });

  it('is documented in the OpenAPI document with the operator token as its security', async () => {
    const doc = (await new ApiClient(brisk.url).request('GET', '/api-docs')).body;
    expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/v1/admin/namespaces/{name}'].put.security).toEqual([{ adminToken: [] }]);
    expect(doc.paths['/api/v1/admin/keys/{uuid}'].delete.responses['401'].description).toMatch(/operator token/);
  });

  // Last: it locks this address out of the admin API for a minute.
  it('answers 429 to an address past the limit of wrong tokens, even with the right one', async () => {
    let status = 401;
    let wrong = 0;
    while (status === 401 && wrong < WRONG_TOKENS_ALLOWED + 5) {
      status = (await adminCall('GET', '/namespaces', { token: `guess-${wrong++}-of-the-operator-token` })).status;
    }
    expect(status).toBe(429);
    const locked = await adminCall('GET', '/namespaces');
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatch(/Too many failed authentications/);
  });
});
