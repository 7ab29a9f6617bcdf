// How OpenWhisk's API management shows an API: routes that share a base path
// are one API, described as a Swagger 2.0 document with the action behind each
// operation in `x-openwhisk`, next to the URL the API answers at (gwApiUrl).
// `wsk api list`, the openwhisk client and `sls info` read these shapes.
import { entityRef } from '../entity-refs.ts';
import { pathParameterNames, ROUTE_METHODS } from './route-paths.ts';

/** The public prefix of the gateway, under the API's own. */
export const GATEWAY_PREFIX = '/api/v1/gw';

export interface RouteRow {
  basePath: string;
  relPath: string;
  method: string;
  action: string;
  responseType: string;
  apiName: string;
}

export interface SwaggerOperation {
  operationId: string;
  parameters?: { name: string; in: 'path'; description: string; required: true; type: 'string' }[];
  'x-openwhisk': { namespace: string; package: string; action: string; url: string };
  responses: { default: { description: string } };
}

export interface SwaggerDocument {
  swagger: '2.0';
  info: { title: string; version: string };
  basePath: string;
  paths: Record<string, Record<string, SwaggerOperation>>;
}

/** One API as createApi answers it; getApi wraps each in {id, key, value}. */
export interface ApiValue {
  namespace: string;
  gwApiActivated: true;
  tenantId: string;
  gwApiUrl: string;
  apidoc: SwaggerDocument;
}

export interface ApiEntry {
  id: string;
  key: string;
  value: ApiValue;
}

/** `http://host/api/v1/gw/guest/shop`: a route answers at this URL followed by its relative path. */
export function gatewayApiUrl(baseUrl: string, namespace: string, basePath: string): string {
  return `${baseUrl}${GATEWAY_PREFIX}/${encodeURIComponent(namespace)}${basePath === '/' ? '' : basePath}`;
}

/** The web action URL a route runs, as OpenWhisk writes it in `x-openwhisk.url`. */
export function webActionUrl(baseUrl: string, action: string, responseType: string): string {
  return `${baseUrl}/api/v1/web/${webActionPath(action, responseType)}`;
}

/** `/guest/pkg/hello` -> `guest/pkg/hello.json` (`guest/default/hello.json` in the default package), encoded. */
export function webActionPath(action: string, responseType: string): string {
  const { path, name } = entityRef(action);
  const [namespace = '', packageName = ''] = path.split('/');
  const segments = [namespace, packageName || 'default', name].map(encodeURIComponent);
  return `${segments.join('/')}.${responseType}`;
}

/** The APIs the routes make, one per base path, in base path order. */
export function apiEntries(routes: readonly RouteRow[], namespace: string, baseUrl: string): ApiEntry[] {
  const byBasePath = new Map<string, RouteRow[]>();
  for (const route of routes) {
    const group = byBasePath.get(route.basePath) ?? [];
    group.push(route);
    byBasePath.set(route.basePath, group);
  }
  return [...byBasePath.keys()].sort().map((basePath) => {
    const key = `API:${namespace}:${basePath}`;
    return { id: key, key, value: apiValue(byBasePath.get(basePath)!, namespace, baseUrl) };
  });
}

/** One API: routes of one base path. */
export function apiValue(routes: readonly RouteRow[], namespace: string, baseUrl: string): ApiValue {
  const first = routes[0];
  const basePath = first?.basePath ?? '/';
  const paths: SwaggerDocument['paths'] = {};
  const ordered = [...routes].sort((a, b) => a.relPath.localeCompare(b.relPath) || methodOrder(a.method) - methodOrder(b.method));
  for (const route of ordered) {
    paths[route.relPath] ??= {};
    paths[route.relPath]![route.method.toLowerCase()] = operation(route, baseUrl);
  }
  return {
    namespace,
    gwApiActivated: true,
    tenantId: namespace,
    gwApiUrl: gatewayApiUrl(baseUrl, namespace, basePath),
    apidoc: { swagger: '2.0', info: { title: first?.apiName ?? basePath, version: '1.0.0' }, basePath, paths },
  };
}

function operation(route: RouteRow, baseUrl: string): SwaggerOperation {
  const { path, name } = entityRef(route.action);
  const [namespace = '', packageName = ''] = path.split('/');
  const parameters = pathParameterNames(route.relPath).map((parameter) => ({
    name: parameter,
    in: 'path' as const,
    description: `Default description for '${parameter}'`,
    required: true as const,
    type: 'string' as const,
  }));
  return {
    operationId: operationId(route.method, route.relPath),
    ...(parameters.length > 0 ? { parameters } : {}),
    'x-openwhisk': { namespace, package: packageName, action: name, url: webActionUrl(baseUrl, route.action, route.responseType) },
    responses: { default: { description: 'Default response' } },
  };
}

/** `get` + `/books/{id}` -> `getBooksId`, as OpenWhisk names operations. */
function operationId(method: string, relPath: string): string {
  const words = relPath.split(/[^0-9A-Za-z_-]+/).filter(Boolean);
  return method.toLowerCase() + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

function methodOrder(method: string): number {
  return (ROUTE_METHODS as readonly string[]).indexOf(method);
}
