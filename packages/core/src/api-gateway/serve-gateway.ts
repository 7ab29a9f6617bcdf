// The gateway: {method} /api/v1/gw/{namespace}{basePath}{relPath} runs the
// web action of the namespace's matching route, in process, through the web
// action machinery (serveWebAction), as /api/v1/web/... with the route's
// response type as the extension.
import { badRequest, notFound } from '../errors.ts';
import { namespaceCaller } from '../namespace-caller.ts';
import { serveWebAction, type WebActionCall, type WebActionServices } from '../web-actions/serve-web-action.ts';
import { problem, type WebResponse } from '../web-actions/web-response.ts';
import { webActionPath } from './api-document.ts';
import { routeColumns } from './route-columns.ts';
import { matchRoute } from './route-match.ts';
import { pathSegments } from './route-paths.ts';

/** One HTTP request to the gateway; `path` is what follows `/api/v1/gw/`, as sent (percent-encoded). */
export type GatewayCall = WebActionCall;

/**
 * Answers a gateway request. An unknown namespace or path is the generic 404
 * (thrown, like the web action errors, for the web app to map); a path whose
 * routes take other methods answers 405 with `Allow`. Path parameters
 * (`/books/{id}`) reach the action as parameters, over the query's of the
 * same name (a JSON body's fields still win, as for web actions); an `http`
 * route's action also gets the path below the base path as `__ow_path`.
 */
export async function serveGateway(services: WebActionServices, call: GatewayCall): Promise<WebResponse> {
  const [rawNamespace = '', ...rawSegments] = call.path.split('/').filter(Boolean);
  const owner = await namespaceCaller(services.deps.db, decodeSegment(rawNamespace));
  const segments = rawSegments.map(decodeSegment);
  const routes = await services.deps.db.apiRoute.findMany({ where: { namespaceId: owner.namespaceId }, select: routeColumns });
  const match = matchRoute(routes, call.method, segments);
  // The same answer as for an unknown namespace: the URL space reveals nothing.
  if (match.kind === 'not-found') throw notFound();
  if (match.kind === 'method-not-allowed') {
    const allowed = match.allowed.join(', ');
    const answer = problem(405, `${call.method.toUpperCase()} is not allowed here; this path takes ${allowed}.`);
    return { ...answer, headers: [['Allow', allowed]] };
  }

  const { route, params } = match;
  const below = rawSegments.slice(pathSegments(route.basePath).length);
  const owPath = route.responseType === 'http' && below.length > 0 ? `/${below.join('/')}` : '';
  const pathQuery = new URLSearchParams(params).toString();
  return serveWebAction(services, {
    ...call,
    path: `${webActionPath(route.action, route.responseType)}${owPath}`,
    query: [call.query, pathQuery].filter(Boolean).join('&'),
  });
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`The path segment "${segment.slice(0, 100)}" is not valid percent-encoding.`);
  }
}
