// The API's own OpenAPI 3.1 document, served at /api/v1/api-docs. Built from
// one table of operations so that adding a route is one line here.

type Method = 'get' | 'put' | 'post' | 'delete';
type Query = 'limit' | 'skip' | 'count' | 'overwrite' | 'blocking' | 'result' | 'timeout' | 'code' | 'docs' | 'name' | 'since' | 'upto' | 'force' | 'public';

interface Operation {
  path: string;
  method: Method;
  summary: string;
  tag: string;
  query?: Query[];
  body?: string;
  /** Status codes this operation answers besides the common errors. */
  ok: number[];
  publicRoute?: boolean;
}

const list: Query[] = ['limit', 'skip', 'count'];
const ns = '/namespaces/{namespace}';

const OPERATIONS: Operation[] = [
  { path: '', method: 'get', summary: 'Platform information: API paths, runtimes, limits', tag: 'Platform', ok: [200], publicRoute: true },
  { path: '/namespaces', method: 'get', summary: 'Namespaces the key may use', tag: 'Namespaces', ok: [200] },
  { path: `${ns}/limits`, method: 'get', summary: "The namespace's limits", tag: 'Namespaces', ok: [200] },
  { path: `${ns}/actions`, method: 'get', summary: 'List actions', tag: 'Actions', query: list, ok: [200] },
  { path: `${ns}/actions/{action}`, method: 'get', summary: 'Get an action', tag: 'Actions', query: ['code'], ok: [200] },
  { path: `${ns}/actions/{action}`, method: 'put', summary: 'Create or update an action', tag: 'Actions', query: ['overwrite'], body: 'Action', ok: [200] },
  { path: `${ns}/actions/{action}`, method: 'post', summary: 'Invoke an action', tag: 'Actions', query: ['blocking', 'result', 'timeout'], body: 'Parameters', ok: [200, 202, 500, 502] },
  { path: `${ns}/actions/{action}`, method: 'delete', summary: 'Delete an action', tag: 'Actions', ok: [200] },
  { path: `${ns}/actions/{package}/{action}`, method: 'get', summary: 'Get an action in a package', tag: 'Actions', query: ['code'], ok: [200] },
  { path: `${ns}/actions/{package}/{action}`, method: 'put', summary: 'Create or update an action in a package', tag: 'Actions', query: ['overwrite'], body: 'Action', ok: [200] },
  { path: `${ns}/actions/{package}/{action}`, method: 'post', summary: 'Invoke an action in a package', tag: 'Actions', query: ['blocking', 'result', 'timeout'], body: 'Parameters', ok: [200, 202, 500, 502] },
  { path: `${ns}/actions/{package}/{action}`, method: 'delete', summary: 'Delete an action in a package', tag: 'Actions', ok: [200] },
  { path: `${ns}/packages`, method: 'get', summary: 'List packages', tag: 'Packages', query: [...list, 'public'], ok: [200] },
  { path: `${ns}/packages/{package}`, method: 'get', summary: 'Get a package with its actions', tag: 'Packages', ok: [200] },
  { path: `${ns}/packages/{package}`, method: 'put', summary: 'Create or update a package or binding', tag: 'Packages', query: ['overwrite'], body: 'Package', ok: [200] },
  { path: `${ns}/packages/{package}`, method: 'delete', summary: 'Delete a package', tag: 'Packages', query: ['force'], ok: [200] },
  { path: `${ns}/triggers`, method: 'get', summary: 'List triggers', tag: 'Triggers', query: list, ok: [200] },
  { path: `${ns}/triggers/{trigger}`, method: 'get', summary: 'Get a trigger', tag: 'Triggers', ok: [200] },
  { path: `${ns}/triggers/{trigger}`, method: 'put', summary: 'Create or update a trigger', tag: 'Triggers', query: ['overwrite'], body: 'Trigger', ok: [200] },
  { path: `${ns}/triggers/{trigger}`, method: 'post', summary: 'Fire a trigger', tag: 'Triggers', body: 'Parameters', ok: [202, 204] },
  { path: `${ns}/triggers/{trigger}`, method: 'delete', summary: 'Delete a trigger', tag: 'Triggers', ok: [200] },
  { path: `${ns}/rules`, method: 'get', summary: 'List rules', tag: 'Rules', query: list, ok: [200] },
  { path: `${ns}/rules/{rule}`, method: 'get', summary: 'Get a rule', tag: 'Rules', ok: [200] },
  { path: `${ns}/rules/{rule}`, method: 'put', summary: 'Create or update a rule', tag: 'Rules', query: ['overwrite'], body: 'Rule', ok: [200] },
  { path: `${ns}/rules/{rule}`, method: 'post', summary: 'Enable or disable a rule', tag: 'Rules', body: 'RuleStatus', ok: [200] },
  { path: `${ns}/rules/{rule}`, method: 'delete', summary: 'Delete a rule', tag: 'Rules', ok: [200] },
  { path: `${ns}/activations`, method: 'get', summary: 'List activations, newest first', tag: 'Activations', query: ['name', 'since', 'upto', 'docs', ...list], ok: [200] },
  { path: `${ns}/activations/{activationId}`, method: 'get', summary: 'Get an activation (pending until it ends)', tag: 'Activations', ok: [200] },
  { path: `${ns}/activations/{activationId}/logs`, method: 'get', summary: "An activation's logs", tag: 'Activations', ok: [200] },
  { path: `${ns}/activations/{activationId}/result`, method: 'get', summary: "An activation's response", tag: 'Activations', ok: [200] },
  ...(['get', 'post', 'put', 'delete'] as const).map((method): Operation => ({
    path: '/web/{namespace}/{package}/{action}.{extension}',
    method,
    summary: 'Run a web action (also HEAD, PATCH, OPTIONS; extension json, html, http, text or svg)',
    tag: 'Web actions',
    body: method === 'get' ? undefined : 'Request body',
    ok: [200, 202, 500, 502],
    publicRoute: true,
  })),
  { path: '/api-docs', method: 'get', summary: 'This OpenAPI document', tag: 'Platform', ok: [200], publicRoute: true },
];

const QUERY_DOCS: Record<Query, { type: 'integer' | 'boolean' | 'string'; description: string }> = {
  limit: { type: 'integer', description: 'Items per page, 0-200 (0 means 30)' },
  skip: { type: 'integer', description: 'Items to skip' },
  count: { type: 'boolean', description: 'Answer only the number of items' },
  overwrite: { type: 'boolean', description: 'Update the entity if it exists (409 otherwise)' },
  blocking: { type: 'boolean', description: 'Wait for the activation to end (up to 60 s)' },
  result: { type: 'boolean', description: 'With blocking: answer only the result' },
  timeout: { type: 'integer', description: 'With blocking: how long to wait, in ms' },
  code: { type: 'boolean', description: 'false leaves the code out' },
  docs: { type: 'boolean', description: 'Full records instead of summaries' },
  name: { type: 'string', description: 'Only activations of this entity (pkg/name)' },
  since: { type: 'integer', description: 'Started at or after (epoch ms)' },
  upto: { type: 'integer', description: 'Started at or before (epoch ms)' },
  force: { type: 'boolean', description: 'Delete the package with its actions' },
  public: { type: 'boolean', description: 'List published packages' },
};

const ERRORS = {
  400: 'The request is not valid; the message says why',
  401: 'No key, or a wrong one',
  403: 'The key may not use this namespace',
  404: 'No such entity',
  409: 'The entity exists (use overwrite) or is in use',
  413: 'Too large: parameters and results 1 MB, code 48 MB',
  429: 'A namespace limit was reached',
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  202: 'Accepted: the activation id',
  204: 'No active rule fired',
  500: 'Brisk could not run the action (internal error): the activation record',
  502: 'The action failed: the activation record',
};

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const route = `/api/v1${op.path}`;
    const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
    const responses: Record<string, unknown> = {};
    for (const status of op.ok) responses[status] = { description: STATUS_TEXT[status] ?? 'OK' };
    for (const [status, description] of Object.entries(ERRORS)) {
      if (op.publicRoute && (status === '401' || status === '403')) continue;
      responses[status] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    (paths[route] ??= {})[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.publicRoute ? { security: [] } : {}),
      parameters: [
        ...pathParams,
        ...(op.query ?? []).map((name) => ({ name, in: 'query', schema: { type: QUERY_DOCS[name].type }, description: QUERY_DOCS[name].description })),
      ],
      ...(op.body ? { requestBody: { content: { 'application/json': { schema: { type: 'object', description: op.body } } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Brisk API (OpenWhisk REST API v1)', version: '1.0.0' },
    security: [{ basicAuth: [] }],
    components: {
      securitySchemes: { basicAuth: { type: 'http', scheme: 'basic', description: 'The API key: uuid as user, secret as password' } },
      schemas: {
        Error: { type: 'object', required: ['error', 'code'], properties: { error: { type: 'string' }, code: { type: 'string', description: 'Transaction id' } } },
      },
    },
    paths,
  };
}
