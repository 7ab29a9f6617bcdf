// The API's own OpenAPI 3.1 document, served at /api/v1/api-docs, built from
// the route table (routes/index.ts): what a route declares is what it documents.
import type { ApiRoute } from './api-route';
import { API_PREFIX } from './match-route';
import { HEADER_DOCS, QUERY_DOCS } from './query-docs';

const ERRORS = {
  400: 'The request is not valid; the message says why',
  401: 'No key, or a wrong one',
  403: 'The key may not use this namespace',
  404: 'No such entity',
  409: 'The entity exists (use overwrite) or is in use',
  413: 'Too large: parameters and results 1 MB, code 48 MB',
  429: 'A namespace limit was reached',
};

/** What the common errors mean on the admin routes. */
const ADMIN_ERRORS: Record<string, string> = {
  401: 'No operator token, or a wrong one',
  403: 'The admin API is disabled (BRISK_ADMIN_TOKEN unset), or the namespace may not be deleted or given keys',
  404: 'No such namespace or key',
  409: 'The namespace exists',
  429: 'Too many wrong tokens from this address in the last minute',
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: the activation id',
  204: 'No active rule fired',
  500: 'Brisk could not run the action (internal error): the activation record',
  502: 'The action failed: the activation record',
};

export function openApiDocument(routes: readonly ApiRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    for (const path of documentedPaths(route)) {
      paths[path] ??= {};
      paths[path][route.method.toLowerCase()] = operation(route, path);
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Brisk API (OpenWhisk REST API v1)', version: '1.0.0' },
    security: [{ basicAuth: [] }],
    components: {
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic', description: 'The API key: uuid as user, secret as password' },
        adminToken: { type: 'http', scheme: 'bearer', description: "The operator's token, BRISK_ADMIN_TOKEN (the admin API is disabled without it)" },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'code'],
          properties: { error: { type: 'string' }, code: { type: 'string', description: 'Transaction id' } },
        },
      },
    },
    paths,
  };
}

/** The paths a route answers, as OpenAPI writes them: a `{name+}` rest of the path once per form it takes. */
export function documentedPaths(route: ApiRoute): string[] {
  const base = `${API_PREFIX}${route.path === '/' ? '' : route.path}`;
  const rest = /\{\w+\+\}$/;
  if (!rest.test(base)) return [base];
  return (route.forms ?? []).map((form) => base.replace(rest, form));
}

function operation(route: ApiRoute, path: string) {
  const isPublic = route.auth === 'public';
  const isAdmin = route.auth === 'admin';
  const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
  const responses: Record<string, unknown> = {};
  for (const status of route.ok) responses[status] = { description: STATUS_TEXT[status] ?? 'OK' };
  for (const [status, description] of Object.entries(ERRORS)) {
    if (isPublic && (status === '401' || status === '403')) continue;
    if (status === '413' && route.maxBodyBytes === 0) continue;
    responses[status] = {
      description: (isAdmin && ADMIN_ERRORS[status]) || description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  for (const header of route.headers ?? []) {
    for (const [status, description] of Object.entries(HEADER_DOCS[header].errors)) {
      responses[status] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
  }
  return {
    summary: route.summary,
    tags: [route.tag],
    ...(isPublic ? { security: [] } : isAdmin ? { security: [{ adminToken: [] }] } : {}),
    parameters: [
      ...pathParams,
      ...(route.query ?? []).map((name) => ({ name, in: 'query', schema: { type: QUERY_DOCS[name].type }, description: QUERY_DOCS[name].description })),
      ...(route.headers ?? []).map((name) => ({ name, in: 'header', schema: { type: 'string' }, description: HEADER_DOCS[name].description })),
    ],
    ...(route.body ? { requestBody: { content: { 'application/json': { schema: { type: 'object', description: route.body } } } } } : {}),
    responses,
  };
}
