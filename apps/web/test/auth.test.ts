// Every API route needs a valid key, and a key sees only its own namespace.
import { describe, expect, it } from 'vitest';
import { ApiClient } from '@brisk/testing/api-client';
import { API_ROUTES } from '../src/server/rest/routes';
import { documentedPaths } from '../src/server/rest/openapi';
import { anonymous, brisk, guest, nodeAction, other, uniqueName } from './helpers';

describe('authentication', () => {
  it('refuses requests without a key with 401', async () => {
    const response = await anonymous.request('GET', '/namespaces/_/actions/anything');
    expect(response.status).toBe(401);
    expect(response.body.error).toMatch(/authentication/);
  });

  it('refuses a wrong secret for a real key with 401', async () => {
    const [uuid] = brisk.guestKey.split(':');
    const forged = new ApiClient(brisk.url, `${uuid}:${'A'.repeat(64)}`);
    expect((await forged.request('GET', '/namespaces/_/actions/anything')).status).toBe(401);
  });

  // Every route of the table (the one the API is served from) but the public ones.
  const ROUTES = authenticatedRoutes();
  it('covers every kind of entity', () => {
    expect(new Set(ROUTES.map(([, path]) => path.split('/')[3] ?? path))).toEqual(
      new Set(['/namespaces', 'limits', 'actions', 'packages', 'triggers', 'rules', 'activations', 'sources', 'deployments', 'apimgmt', 'env']),
    );
  });

  it.each(ROUTES)("answers %s %s without a key, or with a forged one, with 401 in OpenWhisk's error shape", async (method, path) => {
    const [uuid] = brisk.guestKey.split(':');
    const forged = new ApiClient(brisk.url, `${uuid}:${'B'.repeat(64)}`);
    for (const client of [anonymous, forged]) {
      const response = await client.request(method, path, method === 'PUT' || method === 'POST' ? { body: {} } : {});
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: expect.stringMatching(/authentication/i), code: expect.any(String) });
    }
  });
});

describe('lists', () => {
  it.each(['actions', 'packages', 'triggers', 'rules', 'activations'])(
    'of %s refuse a limit over 200 and a negative skip with 400, and count',
    async (collection) => {
      const tooMany = await guest.request('GET', `/namespaces/_/${collection}`, { query: { limit: 201 } });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error).toMatch(/limit/);
      expect((await guest.request('GET', `/namespaces/_/${collection}`, { query: { skip: -1 } })).status).toBe(400);
      const counted = await guest.request('GET', `/namespaces/_/${collection}`, { query: { count: true } });
      expect(counted.status).toBe(200);
      expect(counted.body).toEqual({ [collection]: expect.any(Number) });
      // Another namespace may list guest's published packages (entity-isolation.test.ts), nothing else.
      const foreign = await other.request('GET', `/namespaces/guest/${collection}`);
      if (collection !== 'packages') {
        expect(foreign.status).toBe(403);
        return;
      }
      const shared = uniqueName('shared');
      const hidden = uniqueName('hidden');
      expect((await guest.request('PUT', `/namespaces/_/packages/${shared}`, { body: { publish: true } })).status).toBe(200);
      expect((await guest.request('PUT', `/namespaces/_/packages/${hidden}`, { body: {} })).status).toBe(200);
      const listed = await other.request('GET', '/namespaces/guest/packages', { query: { limit: 200 } });
      expect(listed.status).toBe(200);
      const names = listed.body.map((entry: { name: string }) => entry.name);
      expect(names).toContain(shared);
      expect(names).not.toContain(hidden);
      expect(listed.body.every((entry: { publish: boolean }) => entry.publish)).toBe(true);
    },
  );
});

describe('tenant isolation', () => {
  it("keeps guest's actions and activations out of another namespace's reach", async () => {
    const name = uniqueName('private');
    await guest.putAction(name, nodeAction(`function main() { return { secret: 42 }; }`));
    const run = await guest.invoke(name);
    expect(run.status).toBe(200);

    expect((await other.request('GET', `/namespaces/guest/actions/${name}`)).status).toBe(403);
    expect((await other.request('POST', `/namespaces/guest/actions/${name}`, { body: {} })).status).toBe(403);
    expect((await other.request('PUT', `/namespaces/guest/actions/${name}`, { body: nodeAction('x') })).status).toBe(403);
    expect((await other.request('DELETE', `/namespaces/guest/actions/${name}`)).status).toBe(403);
    expect((await other.request('GET', `/namespaces/_/actions/${name}`)).status).toBe(404);
    expect((await other.request('GET', `/namespaces/_/activations/${run.body.activationId}`)).status).toBe(404);
    expect((await other.request('GET', `/namespaces/guest/activations/${run.body.activationId}`)).status).toBe(403);

    // Still there for its owner.
    expect((await guest.request('GET', `/namespaces/guest/actions/${name}`)).status).toBe(200);
  });
});

/** [method, path] of every route that needs a key, with its path parameters filled in. */
function authenticatedRoutes(): [string, string][] {
  const sample: Record<string, string> = { namespace: '_', activationId: '0'.repeat(32), package: 'p' };
  return API_ROUTES.filter((route) => route.auth === 'key').flatMap((route) =>
    documentedPaths(route).map((path): [string, string] => [
      route.method,
      path.replace('/api/v1', '').replace(/\{(\w+)\}/g, (_, name: string) => sample[name] ?? 'a'),
    ]),
  );
}
