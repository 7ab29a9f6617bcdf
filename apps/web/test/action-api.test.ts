// Actions that call Brisk: every activation gets __OW_API_HOST, a channel to
// the API through the worker (containers have no network), and with
// `provide-api-key: true` __OW_API_KEY, a key of the namespace the action
// lives in. `require('openwhisk')` works with no options. The channel reaches
// the API and nothing else, and the API's own authentication and throttles
// apply to every call.
import { createNamespaceKey } from '@brisk/core';
import { createDb } from '@brisk/db';
import { ApiClient } from '@brisk/testing/api-client';
import { afterAll, describe, expect, it } from 'vitest';
import { brisk, guest, other, uniqueName } from './helpers';

const db = createDb(brisk.databaseUrl, { poolSize: 1 });
afterAll(async () => {
  await db.$disconnect();
});

const PROVIDE_KEY = { annotations: [{ key: 'provide-api-key', value: true }] };

/** The result of a blocking invoke, failing the test with the whole record when the action failed. */
async function resultOf(api: ApiClient, name: string, params: unknown = {}) {
  const response = await api.invoke(name, params);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.response.result;
}

describe('an action with provide-api-key, through require("openwhisk")', () => {
  it('invokes another action (blocking, its result) and fires a trigger whose rule runs', async () => {
    const [callee, caller, trigger, rule, ruled] = ['callee', 'caller', 'trig', 'rule', 'ruled'].map(uniqueName);
    expect((await guest.putAction(callee!, { exec: { kind: 'nodejs:default', code: 'function main(p) { return { doubled: p.n * 2 }; }' } })).status).toBe(200);
    expect((await guest.putAction(ruled!, { exec: { kind: 'nodejs:default', code: 'function main(p) { return { got: p }; }' } })).status).toBe(200);
    expect((await guest.request('PUT', `/namespaces/_/triggers/${trigger}`, { body: {} })).status).toBe(200);
    expect((await guest.request('PUT', `/namespaces/_/rules/${rule}`, { body: { trigger: `/_/${trigger}`, action: `/_/${ruled}` } })).status).toBe(200);
    const code = `
      const openwhisk = require('openwhisk');
      async function main(p) {
        const ow = openwhisk();
        const invoked = await ow.actions.invoke({ name: p.callee, params: { n: 21 }, blocking: true, result: true });
        const fired = await ow.triggers.invoke({ name: p.trigger, params: { from: 'an action' } });
        return { invoked, fired: fired.activationId, host: process.env.__OW_API_HOST, hasKey: Boolean(process.env.__OW_API_KEY) };
      }`;
    expect((await guest.putAction(caller!, { exec: { kind: 'nodejs:default', code }, ...PROVIDE_KEY })).status).toBe(200);

    const result = await resultOf(guest, caller!, { callee, trigger });
    expect(result).toMatchObject({ invoked: { doubled: 42 }, host: 'http://127.0.0.1:3233', hasKey: true });
    expect(result.fired).toMatch(/^[0-9a-f]{32}$/);

    // The rule ran the action with the trigger's payload.
    await expect
      .poll(
        async () => {
          const list = await guest.request('GET', '/namespaces/_/activations', { query: { name: ruled!, docs: true } });
          return list.body.map((record: { response: { result: unknown } }) => record.response.result);
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContainEqual({ got: { from: 'an action' } });
  });

  it("gets the key of the namespace the action lives in, not the caller's, for a shared package's action", async () => {
    const [pkg, action] = [uniqueName('shared'), uniqueName('whoami')];
    expect((await guest.request('PUT', `/namespaces/_/packages/${pkg}`, { body: { publish: true } })).status).toBe(200);
    const code = `
      const openwhisk = require('openwhisk');
      async function main() { return { namespaces: await openwhisk().namespaces.list() }; }`;
    expect((await guest.putAction(`${pkg}/${action}`, { exec: { kind: 'nodejs:default', code }, ...PROVIDE_KEY })).status).toBe(200);
    const response = await other.request('POST', `/namespaces/guest/actions/${pkg}/${action}`, { body: {}, query: { blocking: true } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.response.result).toEqual({ namespaces: ['guest'] });
  });
});

describe('an action without provide-api-key', () => {
  it('gets __OW_API_HOST but no key, and a call without a key is refused with 401', async () => {
    const name = uniqueName('no-key');
    const code = `
      const http = require('node:http');
      function main() {
        const host = process.env.__OW_API_HOST;
        return new Promise((resolve, reject) => {
          http.get(host + '/api/v1/namespaces/_/actions', (res) => {
            res.resume();
            res.on('end', () => resolve({ host, key: process.env.__OW_API_KEY ?? null, status: res.statusCode }));
          }).on('error', reject);
        });
      }`;
    expect((await guest.putAction(name, { exec: { kind: 'nodejs:default', code } })).status).toBe(200);
    expect(await resultOf(guest, name)).toEqual({ host: 'http://127.0.0.1:3233', key: null, status: 401 });
  });

  it('gets __OW_API_HOST in Python too, and the channel answers there', async () => {
    const name = uniqueName('py-host');
    const code = `
import os, urllib.request, urllib.error
def main(params):
    host = os.environ.get("__OW_API_HOST")
    try:
        urllib.request.urlopen(host + "/api/v1/namespaces/_/actions", timeout=10)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    return {"host": host, "key": os.environ.get("__OW_API_KEY"), "status": status}
`;
    expect((await guest.putAction(name, { exec: { kind: 'python:default', code } })).status).toBe(200);
    expect(await resultOf(guest, name)).toEqual({ host: 'http://127.0.0.1:3233', key: null, status: 401 });
  });
});

describe('the channel', () => {
  it('reaches nothing but the API: other ports, other hosts, CONNECT, absolute URLs and other paths fail', async () => {
    const name = uniqueName('escape');
    const code = `
      const net = require('node:net');
      // Set at /init already, for top-level code.
      const forwarder = Number(new URL(process.env.__OW_API_HOST).port);
      // Connects and sends raw bytes; what came back before the close, or the error.
      function raw(port, host, text) {
        return new Promise((resolve) => {
          const socket = net.connect(port, host);
          let got = '';
          const timer = setTimeout(() => { socket.destroy(); resolve('timeout:' + got.slice(0, 40)); }, 5000);
          socket.on('connect', () => socket.write(text));
          socket.on('data', (chunk) => { got += chunk; });
          socket.on('error', (error) => { clearTimeout(timer); resolve('error:' + error.code); });
          socket.on('close', () => { clearTimeout(timer); resolve(got.split('\\r\\n')[0]); });
        });
      }
      async function main(p) {
        return {
          redis: await raw(6379, '127.0.0.1', 'PING\\r\\n'),
          web: await raw(p.webPort, '127.0.0.1', 'GET /api/v1 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n'),
          otherHost: await raw(80, '192.0.2.1', 'GET / HTTP/1.1\\r\\n\\r\\n'),
          connect: await raw(forwarder, '127.0.0.1', 'CONNECT 127.0.0.1:6379 HTTP/1.1\\r\\nHost: 127.0.0.1:6379\\r\\n\\r\\n'),
          absolute: await raw(forwarder, '127.0.0.1', 'GET http://127.0.0.1:6379/ HTTP/1.1\\r\\nHost: 127.0.0.1:6379\\r\\nConnection: close\\r\\n\\r\\n'),
          console: await raw(forwarder, '127.0.0.1', 'GET /api/trpc/namespaces.list HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n'),
          notHttp: await raw(forwarder, '127.0.0.1', 'PING\\r\\n\\r\\n'),
          api: await raw(forwarder, '127.0.0.1', 'GET /api/v1 HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n'),
        };
      }`;
    expect((await guest.putAction(name, { exec: { kind: 'nodejs:default', code }, limits: { timeout: 60_000 } })).status).toBe(200);
    const result = await resultOf(guest, name, { webPort: Number(new URL(brisk.url).port) });
    // No network: nothing listens on the container's own loopback but the forwarder, and no route leads out.
    expect(result.redis).toBe('error:ECONNREFUSED');
    expect(result.web).toBe('error:ECONNREFUSED');
    expect(result.otherHost).toMatch(/^error:(ENETUNREACH|EHOSTUNREACH)$/);
    // Through the channel: only requests for the API's paths.
    expect(result.connect).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(result.absolute).toBe('HTTP/1.1 403 Forbidden');
    expect(result.console).toBe('HTTP/1.1 403 Forbidden');
    expect(result.notHttp).not.toMatch(/^HTTP\/1\.1 2/);
    expect(result.api).toBe('HTTP/1.1 200 OK');
  });

  it('is throttled like any other call: past the per-minute limit, 429', async () => {
    const namespace = uniqueName('action-throttled');
    const key = await createNamespaceKey(db, namespace);
    await db.namespace.update({ where: { name: namespace }, data: { invocationsPerMinute: 2 } });
    const api = new ApiClient(brisk.url, key);
    const [target, caller] = [uniqueName('target'), uniqueName('looper')];
    expect((await api.putAction(target, { exec: { kind: 'nodejs:default', code: 'function main() { return {}; }' } })).status).toBe(200);
    const code = `
      const openwhisk = require('openwhisk');
      async function main(p) {
        const ow = openwhisk();
        const statuses = [];
        for (let i = 0; i < 3; i++) {
          try {
            await ow.actions.invoke({ name: p.target });
            statuses.push(202);
          } catch (error) {
            statuses.push(error.statusCode);
          }
        }
        return { statuses };
      }`;
    expect((await api.putAction(caller, { exec: { kind: 'nodejs:default', code }, ...PROVIDE_KEY })).status).toBe(200);
    // This invocation is the first of two a minute; the action's first call the second; then 429.
    expect(await resultOf(api, caller, { target })).toEqual({ statuses: [202, 429, 429] });
  });
});
