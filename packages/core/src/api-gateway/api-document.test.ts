import { describe, expect, it } from 'vitest';
import { apiEntries } from './api-document.ts';
import { parseCreateRequest } from './create-request.ts';

const BASE = 'http://127.0.0.1:3000';

describe('the API document', () => {
  it("is OpenWhisk's: one API per base path, swagger 2.0 paths with x-openwhisk, the gateway URL", () => {
    const routes = [
      { basePath: '/shop', relPath: '/books/{id}', method: 'GET', action: '/guest/store/book', responseType: 'http', apiName: 'Shop' },
      { basePath: '/shop', relPath: '/books', method: 'POST', action: '/guest/add', responseType: 'json', apiName: 'Shop' },
      { basePath: '/', relPath: '/ping', method: 'GET', action: '/guest/ping', responseType: 'text', apiName: '/' },
    ];
    const [root, shop] = apiEntries(routes, 'guest', BASE);
    expect(root).toMatchObject({ id: 'API:guest:/', value: { gwApiUrl: `${BASE}/api/v1/gw/guest`, gwApiActivated: true } });
    expect(shop!.value).toEqual({
      namespace: 'guest',
      gwApiActivated: true,
      tenantId: 'guest',
      gwApiUrl: `${BASE}/api/v1/gw/guest/shop`,
      apidoc: {
        swagger: '2.0',
        info: { title: 'Shop', version: '1.0.0' },
        basePath: '/shop',
        paths: {
          '/books': {
            post: {
              operationId: 'postBooks',
              'x-openwhisk': { namespace: 'guest', package: '', action: 'add', url: `${BASE}/api/v1/web/guest/default/add.json` },
              responses: { default: { description: 'Default response' } },
            },
          },
          '/books/{id}': {
            get: {
              operationId: 'getBooksId',
              parameters: [{ name: 'id', in: 'path', description: "Default description for 'id'", required: true, type: 'string' }],
              'x-openwhisk': { namespace: 'guest', package: 'store', action: 'book', url: `${BASE}/api/v1/web/guest/store/book.http` },
              responses: { default: { description: 'Default response' } },
            },
          },
        },
      },
    });
  });
});

describe('a createApi body', () => {
  const route = {
    namespace: '_',
    gatewayBasePath: '/shop',
    gatewayPath: '/books/{id}',
    gatewayMethod: 'get',
    id: 'API:_:/shop',
    action: { name: 'store/book', namespace: '_', backendMethod: 'GET', backendUrl: 'x', authkey: 'k' },
  };

  it("as the openwhisk client sends it: the caller's namespace for _, the query's response type", () => {
    expect(parseCreateRequest({ apidoc: route }, 'guest', 'http')).toEqual({
      basePath: '/shop',
      routes: [{ relPath: '/books/{id}', method: 'GET', action: { namespace: 'guest', packageName: 'store', name: 'book' }, responseType: 'http' }],
      replace: false,
    });
  });

  it('as a swagger document (the Serverless Framework), the response type read from each x-openwhisk url', () => {
    const swagger = {
      swagger: '2.0',
      basePath: '/svc',
      info: { title: 'svc', version: '1.0' },
      paths: {
        '/hello': {
          get: {
            operationId: 'get-/hello',
            'x-openwhisk': { namespace: 'guest', package: 'default', action: 'hi', url: 'http://h/api/v1/web/guest/default/hi.text' },
          },
        },
      },
    };
    const parsed = parseCreateRequest({ apidoc: { namespace: '_', swagger: JSON.stringify(swagger) } }, 'guest', null);
    expect(parsed).toMatchObject({
      basePath: '/svc',
      apiName: 'svc',
      replace: true,
      routes: [{ relPath: '/hello', method: 'GET', responseType: 'text', action: { namespace: 'guest', packageName: '', name: 'hi' } }],
    });
  });

  it.each([
    [{}, /apidoc/],
    [{ apidoc: '{' }, /cannot be parsed/],
    [{ apidoc: { ...route, gatewayMethod: 'fetch' } }, /not an HTTP method/],
    [{ apidoc: { ...route, gatewayPath: undefined } }, /gatewayPath/],
    [{ apidoc: { ...route, action: undefined } }, /action field/],
    [{ apidoc: { ...route, action: { name: 'a/b/c', namespace: '_' } } }, /not a name/],
    [{ apidoc: { namespace: '_', swagger: { basePath: '/x', info: {}, paths: { '/y': { get: {} } } } } }, /no x-openwhisk/],
  ])('refuses %j with a message that says what is wrong', (body, message) => {
    expect(() => parseCreateRequest(body, 'guest', null)).toThrow(message);
  });

  it('refuses a response type a web action does not have', () => {
    expect(() => parseCreateRequest({ apidoc: route }, 'guest', 'xml')).toThrow(/response type/);
  });
});
