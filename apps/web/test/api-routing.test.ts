// The API answers every path under /api/v1 in OpenWhisk's JSON error shape:
// unknown paths, methods a path does not take, and malformed
// percent-encoding are the caller's mistakes, never the console's HTML or a 500.
import { describe, expect, it } from 'vitest';
import { anonymous, brisk, guest, nodeAction, uniqueName } from './helpers';

const errorShape = (message: RegExp) => ({ error: expect.stringMatching(message), code: expect.stringMatching(/^[0-9a-f]{32}$/) });

describe('API routing', () => {
  it.each(['/nope', '/namespaces/_/nope', '/namespaces/_/activations/a/b/c', '/web'])('answers the unknown path %s with a JSON 404', async (path) => {
    const response = await guest.request('GET', path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(response.body).toEqual(errorShape(/does not exist/));
  });

  it('answers a method the path does not take with 405 and the methods it does', async () => {
    const response = await guest.request('PATCH', '/namespaces/_/actions/a', { body: {} });
    expect(response.status).toBe(405);
    expect(response.body).toEqual(errorShape(/PATCH is not allowed/));
    expect(response.headers.get('allow')).toBe('GET, PUT, DELETE, POST');
  });

  it.each(['%zz', '%', '%c0%af', '%ff'])('refuses the malformed percent-encoding %s in a path with 400, key or none', async (segment) => {
    for (const client of [guest, anonymous]) {
      const response = await client.request('GET', `/namespaces/_/actions/${segment}`);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(errorShape(/not valid percent-encoding/));
    }
  });

  it('decodes each path segment once', async () => {
    const name = uniqueName('spaced name');
    expect((await guest.putAction(encodeURIComponent(name), nodeAction('function main() { return {}; }'))).status).toBe(200);
    expect((await guest.request('GET', `/namespaces/_/actions/${encodeURIComponent(name)}`)).body.name).toBe(name);
    // "%2520" is "%20" once decoded, which is not a valid name: decoding twice would find the action.
    const twice = await guest.request('GET', `/namespaces/_/actions/${encodeURIComponent(encodeURIComponent(name))}`);
    expect(twice.status).toBe(400);
  });

  it('answers HEAD like GET, without a body, and ignores a trailing slash', async () => {
    const head = await fetch(`${brisk.url}/api/v1/namespaces/_/actions/`, {
      method: 'HEAD',
      headers: { authorization: `Basic ${Buffer.from(brisk.guestKey).toString('base64')}` },
    });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
