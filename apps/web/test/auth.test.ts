// Every API route needs a valid key, and a key sees only its own namespace.
import { describe, expect, it } from 'vitest';
import { ApiClient } from '@brisk/testing/api-client';
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
