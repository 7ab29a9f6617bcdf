// The API gateway: OpenWhisk's API management, which its clients call as the
// web actions /whisk.system/apimgmt/{getApi,createApi,deleteApi}.http (served
// here, ahead of the web action route, so no such actions need to exist), and
// the routes it makes, public under /api/v1/gw/{namespace}/{basePath}/{relPath}.
// packages/core/src/api-gateway does the work.
import { apiKeyFromAuthorization, createApi, deleteApi, getApis, MAX_PARAMETERS_BYTES, publicBaseUrl, serveGateway } from '@brisk/core';
import type { WebContext } from '../../context';
import { keyRoute, publicRoute, type HttpMethod } from '../api-route';
import { toResponse } from './web-actions';

const APIMGMT = '/web/whisk.system/apimgmt';
const GATEWAY_PREFIX = '/api/v1/gw/';
const METHODS: HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function baseUrl(context: WebContext, url: URL): string {
  return publicBaseUrl(context.deps.deploySettings, url.origin);
}

// `wsk` names them with `.http`, the openwhisk npm client without (which a web action URL allows).
const managementPaths = (name: string) => [`${APIMGMT}/${name}.http`, `${APIMGMT}/${name}`];

export const apiManagementRoutes = [
  ...managementPaths('getApi').map((path) =>
    keyRoute({
      method: 'GET',
      path,
      summary: "List the caller's APIs (OpenWhisk's getApi): all, or one by base path or name",
      tag: 'API gateway',
      scope: 'own',
      query: ['basepath', 'relpath', 'operation', 'limit', 'skip'],
      maxBodyBytes: 0,
      ok: [200],
      handler: async ({ caller, url, context }) => Response.json(await getApis(context.deps.db, caller, url.searchParams, baseUrl(context, url))),
    }),
  ),
  ...managementPaths('createApi').map((path) =>
    keyRoute({
      method: 'POST',
      path,
      summary: 'Create a route to a web action, or an API from a swagger document (OpenWhisk createApi)',
      tag: 'API gateway',
      scope: 'own',
      query: ['responsetype'],
      body: '{apidoc: {gatewayBasePath, gatewayPath, gatewayMethod, action: {name, namespace}, apiName} | {swagger}}',
      maxBodyBytes: MAX_PARAMETERS_BYTES,
      ok: [200],
      handler: async ({ caller, body, url, context }) =>
        Response.json(await createApi(context.deps.db, caller, body, { responseType: url.searchParams.get('responsetype'), baseUrl: baseUrl(context, url) })),
    }),
  ),
  ...managementPaths('deleteApi').map((path) =>
    keyRoute({
      method: 'DELETE',
      path,
      summary: 'Delete an API, one of its paths, or one operation (OpenWhisk deleteApi)',
      tag: 'API gateway',
      scope: 'own',
      query: ['basepath', 'relpath', 'operation'],
      maxBodyBytes: 0,
      ok: [200],
      handler: async ({ caller, url, context }) => Response.json(await deleteApi(context.deps.db, caller, url.searchParams)),
    }),
  ),
];

export const gatewayRoutes = METHODS.map((method) =>
  publicRoute({
    method,
    path: '/gw/{path+}',
    forms: ['{namespace}/{basePath}/{relPath}'],
    rawSegments: true,
    summary: "Run the web action of a namespace's API route",
    tag: 'API gateway',
    ...(method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? {} : { body: 'Request body' }),
    maxBodyBytes: MAX_PARAMETERS_BYTES,
    ok: [200, 202, 405, 500, 502],
    errorHeaders: { 'Access-Control-Allow-Origin': '*' },
    handler: async ({ method: requestMethod, url, headers, body, context }) =>
      toResponse(
        await serveGateway(
          {
            deps: context.deps,
            waiter: context.waiter,
            authenticate: (authorization) => context.auth.authenticate(apiKeyFromAuthorization(authorization)),
          },
          { path: url.pathname.slice(GATEWAY_PREFIX.length), method: requestMethod, headers, query: url.search.slice(1), body },
        ),
      ),
  }),
);
