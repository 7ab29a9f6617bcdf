// Serving one HTTP request to a web action: find it, check the caller,
// invoke it (blocking, as its owner) and shape the answer.
import { sameSecret } from '../secret-compare.ts';
import type { CompletionWaiter } from '../completion-waiter.ts';
import type { CoreDeps } from '../deps.ts';
import { unauthorized } from '../errors.ts';
import { invokeAction } from '../invoke.ts';
import { namespaceCaller } from '../namespace-caller.ts';
import type { Caller } from '../namespaces.ts';
import type { WebActionOptions } from './annotations.ts';
import { defaultCorsHeaders, SANDBOX_HEADER } from './browser-policy.ts';
import { findWebAction } from './find-web-action.ts';
import { outcomeResponse } from './outcome-response.ts';
import { forwardedHeaders, webActionParams } from './request-params.ts';
import { parseWebPath } from './web-path.ts';
import { content, withDefaultHeaders, type WebResponse } from './web-response.ts';

/** One HTTP request to /api/v1/web/... */
export interface WebActionCall {
  /** The URL path after `/api/v1/web/`, as sent (percent-encoded). */
  path: string;
  method: string;
  /** Request headers; names in any case. */
  headers: Iterable<[string, string]>;
  /** The raw query string, without the `?`. */
  query: string;
  body: Buffer;
}

export interface WebActionServices {
  deps: CoreDeps;
  waiter: CompletionWaiter;
  /** Checks an Authorization header as a Brisk API key; throws `unauthorized` when it is not one. */
  authenticate(authorization: string | undefined): Promise<Caller>;
}

/**
 * Answers a web action request. Throws domain errors (404 for an action that
 * is missing or not exported, 401, 400 for a request that sets reserved or
 * final parameters, 413, 429) for the web app to map; everything that comes
 * from the activation is returned as a WebResponse.
 */
export async function serveWebAction(services: WebActionServices, call: WebActionCall): Promise<WebResponse> {
  const target = parseWebPath(call.path);
  const owner = await namespaceCaller(services.deps.db, target.namespace);
  const action = await findWebAction(services.deps.db, owner, target.path);
  const { options } = action;

  const requestHeaders = new Map<string, string>();
  for (const [name, value] of call.headers) requestHeaders.set(name.toLowerCase(), value);
  const method = call.method.toUpperCase();
  const cors = options.customOptions ? [] : defaultCorsHeaders(requestHeaders.get('access-control-request-headers'));

  // Preflights are answered here unless the action wants them.
  if (method === 'OPTIONS' && !options.customOptions) return content(200, [...cors, SANDBOX_HEADER], null);

  // An action handling OPTIONS gets it unauthenticated, so it can answer preflights.
  const user = method === 'OPTIONS' ? undefined : await checkAccess(services, options.requireAuth, requestHeaders);

  const headers = forwardedHeaders(requestHeaders, { dropAuthorization: options.requireAuth.kind === 'api-key' });
  const params = webActionParams(
    { method, headers, query: call.query, body: call.body, owPath: target.owPath },
    { raw: options.raw, finalKeys: action.finalKeys, ...(user ? { user: user.namespace } : {}) },
  );
  const outcome = await invokeAction(services.deps, services.waiter, { caller: owner, path: target.path, params, blocking: true });
  const response = withDefaultHeaders(outcomeResponse(outcome, target.extension), cors);
  return { ...response, headers: [...response.headers, SANDBOX_HEADER] };
}

/** Enforces `require-whisk-auth`; answers the authenticated caller when it asked for an API key. */
async function checkAccess(
  services: WebActionServices,
  requirement: WebActionOptions['requireAuth'],
  headers: ReadonlyMap<string, string>,
): Promise<Caller | undefined> {
  switch (requirement.kind) {
    case 'none':
      return undefined;
    case 'api-key':
      return services.authenticate(headers.get('authorization'));
    case 'secret':
      if (!sameSecret(headers.get('x-require-whisk-auth'), requirement.secret)) throw unauthorized();
      return undefined;
    case 'unusable':
      throw unauthorized();
  }
}
