// /api/v1/web/{namespace}/{package|default}/{action}[.ext][/path] — web actions,
// public, every method. serveWebAction (packages/core/src/web-actions) does the work.
import { apiKeyFromAuthorization, MAX_PARAMETERS_BYTES, serveWebAction, type WebResponse } from '@brisk/core';
import { errorResponse } from '@/server/rest/errors';
import { publicRoute } from '@/server/rest/public-route';

type Params = { path: string[] };

const PREFIX = '/api/v1/web/';
/** Statuses whose responses may not have a body. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

const handle = publicRoute<Params>({
  maxBodyBytes: MAX_PARAMETERS_BYTES,
  // Brisk's own error answers are readable cross-origin, like the actions' answers.
  errorHeaders: { 'Access-Control-Allow-Origin': '*' },
  handler: async ({ request, url, params, body, context }) => {
    const answer = await serveWebAction(
      {
        deps: context.deps,
        waiter: context.waiter,
        authenticate: (authorization) => context.auth.authenticate(apiKeyFromAuthorization(authorization)),
      },
      { path: rawPath(url, params), method: request.method, headers: request.headers, query: url.search.slice(1), body },
    );
    return toResponse(answer);
  },
});

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;

/** The path after /api/v1/web/ as sent, so `__ow_path` keeps its encoding and its empty segments. */
function rawPath(url: URL, params: Params): string {
  const at = url.pathname.indexOf(PREFIX);
  return at >= 0 ? url.pathname.slice(at + PREFIX.length) : params.path.map(encodeURIComponent).join('/');
}

function toResponse(answer: WebResponse): Response {
  const headers = new Headers();
  for (const [name, value] of answer.headers) headers.append(name, value);
  if (answer.kind === 'problem') {
    return errorResponse(answer.status, answer.message, { headers, ...(answer.fields ? { fields: answer.fields } : {}) });
  }
  const body = NULL_BODY_STATUSES.has(answer.status) || answer.body === null ? null : typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body);
  return new Response(body, { status: answer.status, headers });
}
