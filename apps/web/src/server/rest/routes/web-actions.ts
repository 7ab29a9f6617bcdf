// /api/v1/web/{namespace}/{package|default}/{action}[.ext][/path]: web
// actions, public, every method. serveWebAction (packages/core/src/web-actions)
// does the work; this route hands it the request as sent.
import { apiKeyFromAuthorization, MAX_PARAMETERS_BYTES, serveWebAction, type WebResponse } from '@brisk/core';
import { publicRoute, type HttpMethod } from '../api-route';
import { errorResponse } from '../errors';

const PREFIX = '/api/v1/web/';
const METHODS: HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Statuses whose responses may not have a body. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

export const webActionRoutes = METHODS.map((method) =>
  publicRoute({
    method,
    path: '/web/{path+}',
    forms: ['{namespace}/{package}/{action}.{extension}'],
    rawSegments: true,
    summary: 'Run a web action (extension json, html, http, text or svg)',
    tag: 'Web actions',
    ...(method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? {} : { body: 'Request body' }),
    maxBodyBytes: MAX_PARAMETERS_BYTES,
    ok: [200, 202, 500, 502],
    // Brisk's own error answers are readable cross-origin, like the actions' answers.
    errorHeaders: { 'Access-Control-Allow-Origin': '*' },
    handler: async ({ method: requestMethod, url, headers, body, context }) => {
      const answer = await serveWebAction(
        {
          deps: context.deps,
          waiter: context.waiter,
          authenticate: (authorization) => context.auth.authenticate(apiKeyFromAuthorization(authorization)),
        },
        // The path after /api/v1/web/ as sent, so `__ow_path` keeps its encoding and its empty segments.
        { path: url.pathname.slice(PREFIX.length), method: requestMethod, headers, query: url.search.slice(1), body },
      );
      return toResponse(answer);
    },
  }),
);

/** Renders what the web action machinery answered (the API gateway renders its answers so too). */
export function toResponse(answer: WebResponse): Response {
  const headers = new Headers();
  for (const [name, value] of answer.headers) headers.append(name, value);
  if (answer.kind === 'problem') {
    return errorResponse(answer.status, answer.message, { headers, ...(answer.fields ? { fields: answer.fields } : {}) });
  }
  const body =
    NULL_BODY_STATUSES.has(answer.status) || answer.body === null ? null : typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body);
  return new Response(body, { status: answer.status, headers });
}
