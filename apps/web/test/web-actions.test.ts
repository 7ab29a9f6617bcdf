// Web actions: public URLs under /api/v1/web, plain fetch, real actions.
import { beforeAll, describe, expect, it } from 'vitest';
import { brisk, guest, nodeAction, other, pythonAction, uniqueName } from './helpers';

const web = (path: string, init: RequestInit = {}) => fetch(`${brisk.url}/api/v1/web/${path}`, init);
const basic = (key: string) => `Basic ${Buffer.from(key).toString('base64')}`;
const exported = (...more: { key: string; value: unknown }[]) => ({ annotations: [{ key: 'web-export', value: true }, ...more] });

async function createWebAction(name: string, action: Record<string, unknown>) {
  const put = await guest.putAction(name, action);
  expect(put.status).toBe(200);
}

// Returns everything it was given, so tests can see what the request became.
const ECHO = `function main(params) { return params; }`;
// Returns the JSON in its `result` parameter, so one action can produce any result.
const SHAPES = `function main(params) { return JSON.parse(params.result); }`;

describe('a web action', () => {
  const echo = uniqueName('echo');
  const shapes = uniqueName('shapes');
  const shaped = (extension: string, result: unknown, init?: RequestInit) =>
    web(`guest/default/${shapes}${extension}?result=${encodeURIComponent(JSON.stringify(result))}`, init);

  beforeAll(async () => {
    await createWebAction(echo, nodeAction(ECHO, exported()));
    await createWebAction(shapes, nodeAction(SHAPES, exported()));
  });

  it('sees the method, the headers (lowercased) and the path after the action', async () => {
    const response = await web(`guest/default/${echo}.json/users/42?x=1`, { headers: { 'X-Custom': 'Yes', Cookie: 'brisk-session=secret' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-openwhisk-activation-id')).toMatch(/^[0-9a-f]{32}$/);
    const params = await response.json();
    expect(params).toMatchObject({ __ow_method: 'get', __ow_path: '/users/42', x: '1' });
    expect(params.__ow_headers['x-custom']).toBe('Yes');
    // The origin's cookies are Brisk's own (the console's), never an action's business.
    expect(params.__ow_headers).not.toHaveProperty('cookie');
  });

  it('answers every method, and HEAD without a body', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await web(`guest/default/${echo}.json`, { method });
      expect(response.status).toBe(200);
      expect((await response.json()).__ow_method).toBe(method.toLowerCase());
    }
    const head = await web(`guest/default/${echo}.json`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('merges query and JSON body parameters, the body winning', async () => {
    const response = await web(`guest/default/${echo}.json?a=1&b=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ b: 3, c: [true] }),
    });
    expect(await response.json()).toMatchObject({ a: '1', b: 3, c: [true] });
  });

  it('merges form fields', async () => {
    const response = await web(`guest/default/${echo}.json?a=1`, { method: 'POST', body: new URLSearchParams({ name: 'Jane Doe', a: '2' }) });
    expect(await response.json()).toMatchObject({ name: 'Jane Doe', a: '2' });
  });

  it('receives a body that is not JSON or a form whole, as __ow_body', async () => {
    const response = await web(`guest/default/${echo}.json`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'Jane' });
    expect((await response.json()).__ow_body).toBe('Jane');
  });

  it('refuses requests that set reserved __ow_ parameters with 400', async () => {
    const response = await web(`guest/default/${echo}.json?__ow_path=/admin`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/__ow_path/), code: expect.any(String) });
  });

  it('does not project fields from the result: the path after .json is __ow_path (as OpenWhisk since 2019)', async () => {
    const response = await web(`guest/default/${echo}.json/__ow_method`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ __ow_method: 'get', __ow_path: '/__ow_method' });
  });

  it('serves .html, .svg and .text from the result body (or the html, svg, text property)', async () => {
    const html = await shaped('.html', { body: '<h1>Hi</h1>' });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toBe('<h1>Hi</h1>');
    // Pages run in an opaque origin, away from the console's session.
    const policy = html.headers.get('content-security-policy');
    expect(policy).toMatch(/^sandbox allow-scripts/);
    expect(policy).not.toContain('allow-same-origin');

    const svg = await shaped('.svg', { svg: '<svg xmlns="http://www.w3.org/2000/svg"/>' });
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');

    const text = await shaped('.text', { body: 'plain words' });
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toBe('plain words');

    const notMarkup = await shaped('.html', { body: 42 });
    expect(notMarkup.status).toBe(400);
  });

  it('serves .http results with their status, headers and base64 bytes, and is .http without an extension', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const result = { statusCode: 201, headers: { 'Content-Type': 'image/png', 'X-Made-By': 'brisk', 'Set-Cookie': 'a=1' }, body: png.toString('base64') };
    for (const extension of ['.http', '']) {
      const response = await shaped(extension, result);
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('x-made-by')).toBe('brisk');
      expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
      // Actions cannot set cookies on the origin they share with the console.
      expect(response.headers.get('set-cookie')).toBeNull();
    }

    const redirect = await shaped('.http', { statusCode: 302, headers: { location: 'https://example.org/' } }, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://example.org/');
  });

  it('adds CORS headers for any origin without credentials, and answers preflights itself', async () => {
    const response = await web(`guest/default/${echo}.json`);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();

    const preflight = await web(`guest/default/${echo}.json`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-token' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('x-token');
    expect(preflight.headers.get('x-openwhisk-activation-id')).toBeNull();
  });

  it('with an application error serves the error as the extension asks', async () => {
    const response = await shaped('.http', { error: { statusCode: 418, body: 'short and stout' } });
    expect(response.status).toBe(418);
    expect(await response.text()).toBe('short and stout');
  });
});

describe('a web action that fails', () => {
  it('answers 502 with the error', async () => {
    const name = uniqueName('web-throws');
    await createWebAction(name, nodeAction(`function main() { throw new Error('kaboom in web'); }`, exported()));
    const response = await web(`guest/default/${name}.json`);
    expect(response.status).toBe(502);
    const body = await response.json();
    expect(body.error).toContain('kaboom in web');
    expect(body.code).toEqual(expect.any(String));
    expect(body.activationId).toBe(response.headers.get('x-openwhisk-activation-id'));
  });
});

describe('a raw-http web action in python', () => {
  it('receives the query unparsed and a binary body as base64', async () => {
    const name = uniqueName('py-raw');
    await createWebAction(
      name,
      pythonAction(
        `def main(args):\n    return {"query": args["__ow_query"], "body": args["__ow_body"], "method": args["__ow_method"], "name": args.get("name")}\n`,
        exported({ key: 'raw-http', value: true }),
      ),
    );
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const response = await web(`guest/default/${name}.json?name=Jane&x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(bytes),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ query: 'name=Jane&x=1', body: bytes.toString('base64'), method: 'post', name: null });
  });
});

describe('final parameters', () => {
  const name = uniqueName('final');
  const pkg = uniqueName('webpkg');

  beforeAll(async () => {
    const created = await guest.request('PUT', `/namespaces/_/packages/${pkg}`, { body: { parameters: [{ key: 'region', value: 'eu' }] } });
    expect(created.status).toBe(200);
    await createWebAction(`${pkg}/${name}`, nodeAction(ECHO, { parameters: [{ key: 'owner', value: 'Jane' }], ...exported({ key: 'final', value: true }) }));
  });

  it('cannot be overridden by the request (400), whether the action or its package defines them', async () => {
    const ok = await web(`guest/${pkg}/${name}.json?other=1`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ owner: 'Jane', region: 'eu', other: '1' });

    const query = await web(`guest/${pkg}/${name}.json?owner=Mallory`);
    expect(query.status).toBe(400);
    expect((await query.json()).error).toMatch(/owner/);

    const body = await web(`guest/${pkg}/${name}.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"region":"us"}' });
    expect(body.status).toBe(400);
  });
});

describe('require-whisk-auth', () => {
  it('true wants a valid API key of any namespace, and does not pass the key on', async () => {
    const name = uniqueName('web-auth');
    await createWebAction(name, nodeAction(ECHO, exported({ key: 'require-whisk-auth', value: true })));
    const url = `guest/default/${name}.json`;

    expect((await web(url)).status).toBe(401);
    const [uuid] = brisk.guestKey.split(':');
    expect((await web(url, { headers: { authorization: basic(`${uuid}:${'A'.repeat(64)}`) } })).status).toBe(401);

    const mine = await web(url, { headers: { authorization: basic(brisk.guestKey) } });
    expect(mine.status).toBe(200);
    const params = await mine.json();
    expect(params.__ow_user).toBe('guest');
    expect(params.__ow_headers).not.toHaveProperty('authorization');

    const theirs = await web(url, { headers: { authorization: basic(brisk.otherKey) } });
    expect(theirs.status).toBe(200);
    expect((await theirs.json()).__ow_user).toBe(brisk.otherNamespace);
  });

  it('a string wants that value in X-Require-Whisk-Auth', async () => {
    const name = uniqueName('web-secret');
    await createWebAction(name, nodeAction(ECHO, exported({ key: 'require-whisk-auth', value: 'open sesame' })));
    const url = `guest/default/${name}.json`;
    expect((await web(url)).status).toBe(401);
    expect((await web(url, { headers: { 'X-Require-Whisk-Auth': 'open sesame!' } })).status).toBe(401);
    // An API key is no substitute for the secret.
    expect((await web(url, { headers: { authorization: basic(brisk.guestKey) } })).status).toBe(401);
    expect((await web(url, { headers: { 'X-Require-Whisk-Auth': 'open sesame' } })).status).toBe(200);
  });
});

describe('web-custom-options', () => {
  it('lets the action answer OPTIONS itself, without Brisk’s CORS headers', async () => {
    const name = uniqueName('web-options');
    await createWebAction(
      name,
      nodeAction(
        `function main(p) { return p.__ow_method === 'options' ? { statusCode: 204, headers: { 'Access-Control-Allow-Origin': 'https://app.example' } } : { body: 'hi' }; }`,
        exported({ key: 'web-custom-options', value: true }),
      ),
    );
    const preflight = await web(`guest/default/${name}`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    expect(preflight.headers.get('x-openwhisk-activation-id')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('what is not a web action', () => {
  it('answers 404 alike for an action that is not exported and one that does not exist', async () => {
    const name = uniqueName('private');
    await guest.putAction(name, nodeAction(ECHO));
    const hidden = await web(`guest/default/${name}.json`);
    const missing = await web(`guest/default/${uniqueName('missing')}.json`);
    const noNamespace = await web(`${uniqueName('nobody')}/default/${name}.json`);
    for (const response of [hidden, missing, noNamespace]) {
      expect(response.status).toBe(404);
      const body = await response.json();
      expect(Object.keys(body).sort()).toEqual(['code', 'error']);
      expect(body.error).toBe('The requested resource does not exist.');
    }
  });

  it("keeps another namespace's actions unreachable unless exported", async () => {
    const hidden = uniqueName('theirs');
    const shared = uniqueName('theirs-web');
    expect((await other.putAction(hidden, nodeAction(ECHO))).status).toBe(200);
    expect((await other.putAction(shared, nodeAction(`function main() { return { from: 'other' }; }`, exported()))).status).toBe(200);

    expect((await web(`${brisk.otherNamespace}/default/${hidden}.json`)).status).toBe(404);
    // Not in guest's namespace either, whoever asks.
    expect((await web(`guest/default/${hidden}.json`, { headers: { authorization: basic(brisk.otherKey) } })).status).toBe(404);

    const reachable = await web(`${brisk.otherNamespace}/default/${shared}.json`);
    expect(reachable.status).toBe(200);
    expect(await reachable.json()).toEqual({ from: 'other' });
  });
});

describe('request bodies', () => {
  it('over 1 MB are refused with 413', async () => {
    const name = uniqueName('web-big');
    await createWebAction(name, nodeAction(ECHO, exported()));
    const response = await web(`guest/default/${name}.json`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/1 MB/);
  });
});
