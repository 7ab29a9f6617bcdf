// What a createApi call asks for, read from the body OpenWhisk's clients send:
// `{apidoc: {gatewayBasePath, gatewayPath, gatewayMethod, action, apiName}}`
// for one route (`wsk api create`, the openwhisk client's routes.create), or
// `{apidoc: {swagger}}` for a whole API (`wsk api create --config-file`,
// the Serverless Framework). Everything is checked before anything is written.
import { badRequest } from '../errors.ts';
import { parseFullyQualifiedName, type QualifiedName } from '../qualified-names.ts';
import type { WebExtension } from '../web-actions/web-path.ts';
import { normalizeBasePath, normalizeMethod, normalizeRelPath, normalizeResponseType, type RouteMethod } from './route-paths.ts';

/** The most routes one API may hold. */
export const MAX_ROUTES_PER_API = 500;

export interface RouteSpec {
  relPath: string;
  method: RouteMethod;
  action: QualifiedName;
  responseType: WebExtension;
}

export interface CreateRequest {
  basePath: string;
  /** The API's name; absent: the existing API's, else the base path. */
  apiName?: string;
  routes: RouteSpec[];
  /** A swagger document is the whole API: its routes replace the API's. */
  replace: boolean;
}

/**
 * Reads a createApi body for `namespace` (the caller's: OpenWhisk replaces
 * the `_` the clients send, and any other, with the caller's namespace).
 * `responseType` is the query's `responsetype`, for routes that name none.
 */
export function parseCreateRequest(body: unknown, namespace: string, responseType: string | null): CreateRequest {
  const apidoc = jsonObject(isObject(body) ? body.apidoc : undefined, 'apidoc', 'The body needs an apidoc object (the API to create).');
  const defaultType = normalizeResponseType(responseType);
  if (apidoc.swagger !== undefined) {
    if (apidoc.gatewayBasePath !== undefined) throw badRequest('The apidoc gives both swagger and gatewayBasePath: give one or the other.');
    return fromSwagger(jsonObject(apidoc.swagger, 'apidoc.swagger'), namespace, defaultType);
  }
  const action = isObject(apidoc.action) ? apidoc.action : undefined;
  if (!action) throw badRequest('The apidoc is missing the action field: name the web action the route runs.');
  if (typeof action.name !== 'string' || action.name === '') throw badRequest('The apidoc action is missing its name.');
  if (apidoc.apiName !== undefined && (typeof apidoc.apiName !== 'string' || apidoc.apiName.length > 256)) {
    throw badRequest('The apiName must be a string of at most 256 characters.');
  }
  const actionNamespace = typeof action.namespace === 'string' && action.namespace !== '' ? action.namespace : '_';
  return {
    basePath: normalizeBasePath(required(apidoc.gatewayBasePath, 'gatewayBasePath')),
    ...(apidoc.apiName ? { apiName: apidoc.apiName as string } : {}),
    routes: [
      {
        relPath: normalizeRelPath(required(apidoc.gatewayPath, 'gatewayPath')),
        method: normalizeMethod(required(apidoc.gatewayMethod, 'gatewayMethod')),
        action: actionName(action.name, actionNamespace, namespace),
        responseType: defaultType,
      },
    ],
    replace: false,
  };
}

function fromSwagger(swagger: Record<string, unknown>, namespace: string, defaultType: WebExtension): CreateRequest {
  const basePath = normalizeBasePath(required(swagger.basePath, 'swagger.basePath'));
  const info = isObject(swagger.info) ? swagger.info : undefined;
  if (!info) throw badRequest('The swagger is missing the info field (with the API title).');
  if (!isObject(swagger.paths)) throw badRequest('The swagger is missing the paths field.');
  const routes: RouteSpec[] = [];
  for (const [path, operations] of Object.entries(swagger.paths)) {
    const relPath = normalizeRelPath(path);
    if (!isObject(operations)) throw badRequest(`The swagger path ${path} is not an object of operations.`);
    for (const [verb, operation] of Object.entries(operations)) {
      // Path-level parameters and vendor extensions are not operations.
      if (verb === 'parameters' || verb.startsWith('x-')) continue;
      const where = `The swagger operation ${verb} ${path}`;
      const target = isObject(operation) && isObject(operation['x-openwhisk']) ? operation['x-openwhisk'] : undefined;
      if (!target) throw badRequest(`${where} has no x-openwhisk action: the gateway routes to web actions only.`);
      if (typeof target.action !== 'string' || target.action === '') throw badRequest(`${where} names no x-openwhisk action.`);
      // "default" is the default package, as in web action URLs (the Serverless Framework writes it so).
      const pkg = typeof target.package === 'string' && target.package !== 'default' ? target.package : '';
      const ns = typeof target.namespace === 'string' && target.namespace !== '' ? target.namespace : '_';
      routes.push({
        relPath,
        method: normalizeMethod(verb),
        action: actionName(pkg ? `${pkg}/${target.action}` : target.action, ns, namespace),
        responseType: typeof target.url === 'string' ? (responseTypeOfUrl(target.url) ?? defaultType) : defaultType,
      });
      if (routes.length > MAX_ROUTES_PER_API) throw badRequest(`The swagger has more than ${MAX_ROUTES_PER_API} operations, the most one API may hold.`);
    }
  }
  if (routes.length === 0) throw badRequest('The swagger has no operations: an API needs at least one route.');
  const title = typeof info.title === 'string' && info.title !== '' ? info.title.slice(0, 256) : undefined;
  return { basePath, ...(title ? { apiName: title } : {}), routes, replace: true };
}

/** The extension at the end of a web action URL (`.../hello.http$(request.path)` is http). */
function responseTypeOfUrl(url: string): WebExtension | undefined {
  const match = /\.(\w+)(?:\$\(request\.path\))?$/.exec(url);
  return match ? normalizeResponseType(match[1]) : undefined;
}

function actionName(name: string, actionNamespace: string, namespace: string): QualifiedName {
  const full = name.startsWith('/') ? name : `/${actionNamespace}/${name}`;
  return parseFullyQualifiedName(full, namespace);
}

function required(value: unknown, field: string): unknown {
  if (value === undefined || value === null || value === '') throw badRequest(`The apidoc is missing the ${field} field.`);
  return value;
}

/** An object, or a JSON string of one (OpenWhisk accepts both). */
function jsonObject(value: unknown, field: string, missing = `The ${field} field is missing.`): Record<string, unknown> {
  if (value === undefined || value === null) throw badRequest(missing);
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      throw badRequest(`The ${field} field cannot be parsed: ensure it is valid JSON.`);
    }
  }
  if (!isObject(parsed)) throw badRequest(`The ${field} field must be a JSON object, not ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`);
  return parsed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
