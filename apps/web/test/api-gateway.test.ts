// The API gateway through the official `openwhisk` client's routes API
// (OpenWhisk's apimgmt actions: createApi, getApi, deleteApi), and the routes
// it makes answering plain HTTP under /api/v1/gw/{namespace}/{basePath}/{relPath}.
import openwhisk from 'openwhisk';
import { beforeAll, describe, expect, it } from 'vitest';
import { brisk, guest, nodeAction, other, uniqueName } from './helpers';
import { refused } from './openwhisk-clients';

// The client's typings lag OpenWhisk's API (no responsetype, no swagger); the tests assert the shapes.
type Client = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ow: Client = openwhisk({ apihost: brisk.url, api_key: brisk.guestKey });
const otherOw: Client = openwhisk({ apihost: brisk.url, api_key: brisk.otherKey });

const exported = { annotations: [{ key: 'web-export', value: true }] };
const ECHO = 'function main(params) { return params; }';
// An http web action: answers the status it is asked for and what it was given.
const HTTP = `function main(params) {
  return { statusCode: 201, headers: { 'x-book': params.id }, body: { id: params.id, path: params.__ow_path, method: params.__ow_method, q: params.q } };
}`;

async function createAction(client: typeof guest, name: string, code: string, extra: Record<string, unknown> = exported) {
  expect((await client.putAction(name, nodeAction(code, extra))).status).toBe(200);
}

const basePaths = (apis: { value: { apidoc: { basePath: string } } }[]) => apis.map((api) => api.value.apidoc.basePath);

describe('API routes through the openwhisk client', () => {
  const echo = uniqueName('gw-echo');
  const books = uniqueName('gw-books');
  const base = `/${uniqueName('shop')}`;

  beforeAll(async () => {
    await createAction(guest, echo, ECHO);
    await createAction(guest, books, HTTP);
  });

  it('creates routes, lists and gets them in OpenWhisk shape, serves them, and deletes them', async () => {
    const created = await ow.routes.create({ basepath: base, relpath: '/hello', operation: 'GET', action: echo, name: 'Book shop' });
    const gwApiUrl = `${brisk.url}/api/v1/gw/guest${base}`;
    expect(created).toMatchObject({ namespace: 'guest', gwApiActivated: true, gwApiUrl });
    expect(created.apidoc).toMatchObject({ swagger: '2.0', basePath: base, info: { title: 'Book shop' } });
    expect(created.apidoc.paths['/hello'].get['x-openwhisk']).toEqual({
      namespace: 'guest',
      package: '',
      action: echo,
      url: `${brisk.url}/api/v1/web/guest/default/${echo}.json`,
    });

    const withPath = await ow.routes.create({ basepath: base, relpath: '/books/{id}', operation: 'get', action: books, responsetype: 'http' });
    expect(Object.keys(withPath.apidoc.paths).sort()).toEqual(['/books/{id}', '/hello']);
    expect(withPath.apidoc.paths['/books/{id}'].get.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);

    // getApi: {apis: [{id, key, value: {namespace, gwApiActivated, tenantId, gwApiUrl, apidoc}}]}, as `sls info` reads it.
    const listed = await ow.routes.list();
    const api = listed.apis.find((entry: { value: { apidoc: { basePath: string } } }) => entry.value.apidoc.basePath === base);
    expect(api).toMatchObject({
      id: expect.any(String),
      key: expect.any(String),
      value: { namespace: 'guest', gwApiActivated: true, tenantId: expect.any(String), gwApiUrl },
    });
    const got = await ow.routes.get({ basepath: base });
    expect(got.apis).toHaveLength(1);
    expect(got.apis[0].value.apidoc.paths['/books/{id}'].get['x-openwhisk']).toMatchObject({ action: books, url: expect.stringMatching(/\.http$/) });
    expect((await ow.routes.get({ name: 'Book shop' })).apis.map((entry: { key: string }) => entry.key)).toEqual([api.key]);
    const narrowed = await ow.routes.list({ basepath: base, relpath: '/hello', operation: 'GET' });
    expect(Object.keys(narrowed.apis[0].value.apidoc.paths)).toEqual(['/hello']);

    // A json route: the query's parameters reach the action, its result is the answer.
    const hello = await fetch(`${gwApiUrl}/hello?q=1`);
    expect(hello.status).toBe(200);
    expect(hello.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await hello.json()).toMatchObject({ q: '1', __ow_method: 'get', __ow_path: '' });

    // An http route with a path parameter: the action answers the status, headers and body.
    const book = await fetch(`${gwApiUrl}/books/42?q=x`);
    expect(book.status).toBe(201);
    expect(book.headers.get('x-book')).toBe('42');
    expect(await book.json()).toEqual({ id: '42', path: '/books/42', method: 'get', q: 'x' });

    // A known path with another method is 405 with the methods it takes; an unknown one 404, both JSON.
    const wrongMethod = await fetch(`${gwApiUrl}/hello`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect((await wrongMethod.json()).error).toMatch(/POST is not allowed/);
    const unknown = await fetch(`${gwApiUrl}/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: expect.stringMatching(/does not exist/), code: expect.any(String) });

    // Deleting one operation leaves the rest; deleting the API leaves nothing, and its routes answer 404.
    await ow.routes.delete({ basepath: base, relpath: '/hello', operation: 'GET' });
    expect((await fetch(`${gwApiUrl}/hello`)).status).toBe(404);
    expect((await fetch(`${gwApiUrl}/books/7`)).status).toBe(201);
    expect(await ow.routes.delete({ basepath: base })).toEqual({});
    expect((await fetch(`${gwApiUrl}/books/7`)).status).toBe(404);
    expect((await ow.routes.get({ basepath: base })).apis).toEqual([]);
    expect((await refused(ow.routes.delete({ basepath: base }))).statusCode).toBe(404);
  });

  it('creates a whole API from a swagger document, as the Serverless Framework deploys one', async () => {
    const svc = `/${uniqueName('svc')}`;
    const url = (ext: string) => `${brisk.url}/api/v1/web/guest/default/${echo}.${ext}`;
    const swagger = {
      swagger: '2.0',
      basePath: svc,
      info: { title: 'svc', version: '1.0' },
      paths: {
        '/a': { get: { operationId: 'get-/a', responses: {}, 'x-openwhisk': { namespace: 'guest', package: 'default', action: echo, url: url('json') } } },
        '/b/{name}': {
          post: { operationId: 'post-/b/{name}', responses: {}, 'x-openwhisk': { namespace: 'guest', package: 'default', action: echo, url: url('json') } },
        },
      },
    };
    const created = await ow.routes.create({ swagger });
    expect(Object.keys(created.apidoc.paths).sort()).toEqual(['/a', '/b/{name}']);
    const posted = await fetch(`${created.gwApiUrl}/b/kim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 1 }),
    });
    expect(await posted.json()).toMatchObject({ name: 'kim', n: 1, __ow_method: 'post' });
    // The swagger is the whole API: deploying it again without /a removes /a.
    const { '/a': _dropped, ...rest } = swagger.paths;
    await ow.routes.create({ swagger: { ...swagger, paths: rest } });
    expect((await fetch(`${created.gwApiUrl}/a`)).status).toBe(404);
    await ow.routes.delete({ basepath: svc });
  });
});

describe('API routes refused', () => {
  const plain = uniqueName('gw-plain');
  const privateOfOther = uniqueName('gw-private');
  const base = `/${uniqueName('refused')}`;

  beforeAll(async () => {
    await createAction(guest, plain, ECHO, {});
    await createAction(other, privateOfOther, ECHO);
  });

  it.each([
    ['an action that is not a web action', () => ({ action: plain }), 400, /is not a web action.*--web true/],
    ["another namespace's private action", () => ({ action: `/${brisk.otherNamespace}/${privateOfOther}` }), 403, /not yours to route/],
    ['an action that does not exist', () => ({ action: uniqueName('missing') }), 400, /does not exist/],
    ['a method HTTP does not have', () => ({ action: plain, operation: 'FETCH' }), 400, /not an HTTP method/],
    ['a malformed path parameter', () => ({ action: plain, relpath: '/x/{id' }), 400, /malformed path parameter/],
    ['an unknown response type', () => ({ action: plain, responsetype: 'xml' }), 400, /response type/],
  ])('refuses %s with 4xx and a message, writing nothing', async (_what, options, status, message) => {
    const failure = await refused(ow.routes.create({ basepath: base, relpath: '/x', operation: 'GET', ...options() }));
    expect(failure.statusCode).toBe(status);
    expect(failure.message).toMatch(message);
    expect((await ow.routes.get({ basepath: base })).apis).toEqual([]);
  });

  it('refuses a route that would answer the same requests as another with 409', async () => {
    const echo = uniqueName('gw-echo');
    await createAction(guest, echo, ECHO);
    await ow.routes.create({ basepath: base, relpath: '/items/{id}', operation: 'GET', action: echo });
    const clash = await refused(ow.routes.create({ basepath: base, relpath: '/items/{name}', operation: 'GET', action: echo }));
    expect(clash).toMatchObject({ statusCode: 409, message: expect.stringMatching(/same requests as GET .*\/items\/\{id\}/) });
    await ow.routes.delete({ basepath: base });
  });

  it("keeps a namespace's routes from another namespace's key", async () => {
    const echo = uniqueName('gw-echo');
    const mine = `/${uniqueName('mine')}`;
    await createAction(guest, echo, ECHO);
    await ow.routes.create({ basepath: mine, relpath: '/r', operation: 'GET', action: echo });

    expect(basePaths((await otherOw.routes.list()).apis)).not.toContain(mine);
    expect((await otherOw.routes.get({ basepath: mine })).apis).toEqual([]);
    expect((await refused(otherOw.routes.delete({ basepath: mine }))).statusCode).toBe(404);
    expect((await refused(otherOw.routes.delete({ basepath: mine, relpath: '/r', operation: 'GET' }))).statusCode).toBe(404);
    // Nor can it route to guest's action, which is not in a published package.
    expect((await refused(otherOw.routes.create({ basepath: mine, relpath: '/r', operation: 'GET', action: `/guest/${echo}` }))).statusCode).toBe(403);

    expect((await fetch(`${brisk.url}/api/v1/gw/guest${mine}/r`)).status).toBe(200);
    expect((await fetch(`${brisk.url}/api/v1/gw/${brisk.otherNamespace}${mine}/r`)).status).toBe(404);
    await ow.routes.delete({ basepath: mine });
  });

  it('needs a key for the management calls', async () => {
    const anonymousOw: Client = openwhisk({ apihost: brisk.url, api_key: `${brisk.guestKey.split(':')[0]}:${'x'.repeat(64)}` });
    expect((await refused(anonymousOw.routes.list())).statusCode).toBe(401);
  });
});
