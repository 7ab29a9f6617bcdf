// Runs the OpenWhisk REST API from its route table, for whichever server
// received the request (Node's, in server.ts, or Next's catch-all route):
// find the route, authenticate, check the namespace against the route's
// scope, read the body within its limit, call the handler, and map errors
// to OpenWhisk's shape.
import {
  apiKeyFromAuthorization,
  assertAdminToken,
  assertNoNulInQuery,
  namespaceOfSegment,
  resolveOwnNamespace,
  tooLarge,
  traceNow,
  type Caller,
} from '@brisk/core';
import { webContext } from '../context';
import { env } from '../env';
import type { AdminRoute, KeyRoute, PublicRoute, RequestHeaders } from './api-route';
import { bodyTooLargeMessage, parseJsonBody } from './body';
import { errorResponse, responseForError } from './errors';
import { API_PREFIX, RouteMatcher } from './match-route';
import { API_ROUTES } from './routes';

/** A request as the API sees it, whichever server received it. */
export interface ApiCall {
  method: string;
  url: URL;
  headers: RequestHeaders;
  /** The body, refusing more than `maxBytes` with 413. */
  readBody(maxBytes: number): Promise<Buffer>;
  /** The peer's address, where the server knows it (for the failed-authentication limit). */
  client?: string;
  /** Told the matched route's template (`/api/v1/namespaces/{namespace}/...`), for the HTTP latency metric. */
  onRoute?: (template: string) => void;
}

const matcher = new RouteMatcher(API_ROUTES);

export async function serveApi(call: ApiCall): Promise<Response> {
  const receivedAt = traceNow();
  let errorHeaders: Record<string, string> = {};
  try {
    const match = matcher.match(call.method, call.url.pathname);
    if (match.kind === 'not-found') return errorResponse(404, 'The requested resource does not exist.');
    if (match.kind === 'method-not-allowed') {
      const allowed = match.allowed.join(', ');
      return errorResponse(405, `${call.method} is not allowed here; this path takes ${allowed}.`, { headers: { allow: allowed } });
    }
    const { route, params } = match;
    call.onRoute?.(`${API_PREFIX}${route.path}`);
    if (route.auth === 'public') {
      errorHeaders = route.errorHeaders ?? {};
      return await servePublic(route, call, params);
    }
    if (route.auth === 'admin') return await serveAdmin(route, call, params);
    return await serveWithKey(route, call, params, receivedAt);
  } catch (error) {
    return responseForError(error, { headers: errorHeaders });
  }
}

async function serveWithKey(route: KeyRoute, call: ApiCall, params: Record<string, string | string[]>, receivedAt: number): Promise<Response> {
  // Web actions and gateway routes (public) hand their query on to the action as parameters, NUL and all.
  assertNoNulInQuery(call.url.searchParams);
  const context = webContext();
  const caller = await context.auth.authenticate(apiKeyFromAuthorization(call.headers.get('authorization')), call.client);
  const namespace = namespaceInScope(route, caller, params.namespace);
  const bytes = route.maxBodyBytes > 0 ? await readWithin(call, route.maxBodyBytes) : undefined;
  const body = bytes && !route.rawBody ? parseJsonBody(bytes) : bytes;
  return route.handler({ params, caller, namespace, body, url: call.url, headers: call.headers, context, receivedAt });
}

async function servePublic(route: PublicRoute, call: ApiCall, params: Record<string, string | string[]>): Promise<Response> {
  const body = route.maxBodyBytes > 0 ? await readWithin(call, route.maxBodyBytes) : Buffer.alloc(0);
  return route.handler({ params, method: call.method, url: call.url, headers: call.headers, body, context: webContext() });
}

async function serveAdmin(route: AdminRoute, call: ApiCall, params: Record<string, string | string[]>): Promise<Response> {
  assertNoNulInQuery(call.url.searchParams);
  const context = webContext();
  // Wrong tokens are counted per address, as wrong keys are: guessing costs the guesser.
  const limiterId = `admin:${call.client ?? 'unknown'}`;
  await context.adminFailures.assertAllowed(limiterId, call.client);
  try {
    assertAdminToken(call.headers.get('authorization'), env.BRISK_ADMIN_TOKEN);
  } catch (error) {
    if (env.BRISK_ADMIN_TOKEN) await context.adminFailures.recordFailure(limiterId, call.client);
    throw error;
  }
  const bytes = route.maxBodyBytes > 0 ? await readWithin(call, route.maxBodyBytes) : undefined;
  return route.handler({ params, body: bytes ? parseJsonBody(bytes) : undefined, url: call.url, context });
}

/** The namespace a path names, or the caller's own where it names none; 403 outside the route's scope. */
function namespaceInScope(route: KeyRoute, caller: Caller, segment: string | string[] | undefined): string {
  if (typeof segment !== 'string') return caller.namespace;
  return route.scope === 'own' ? resolveOwnNamespace(caller, segment) : namespaceOfSegment(caller, segment);
}

/** Refuses a declared length past the limit before reading anything. */
async function readWithin(call: ApiCall, maxBytes: number): Promise<Buffer> {
  const declared = Number(call.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(bodyTooLargeMessage(declared, maxBytes));
  return call.readBody(maxBytes);
}
