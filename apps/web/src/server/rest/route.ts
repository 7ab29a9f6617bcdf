// The one builder every OpenWhisk REST route goes through: it authenticates,
// reads the body within the route's size limit, calls the handler and maps
// domain errors to OpenWhisk's error shape.
import { apiKeyFromAuthorization, traceNow, type Caller } from '@brisk/core';
import { webContext, type WebContext } from '../context';
import { readJsonBody } from './body';
import { responseForError } from './errors';

export interface RouteInput<Params> {
  /** The web Request (built on demand when the call did not come through Next: prefer `headers`). */
  request: Request;
  headers: Pick<Headers, 'get' | 'has'>;
  url: URL;
  params: Params;
  caller: Caller;
  body: unknown;
  context: WebContext;
  /** When the handler was entered (`traceNow()`), for stage traces. */
  receivedAt: number;
}

export interface RouteSpec<Params> {
  /** Largest body accepted; routes without a body use 0. */
  maxBodyBytes: number;
  handler: (input: RouteInput<Params>) => Promise<Response>;
}

/** A request as a route sees it, whichever server received it. */
export interface IncomingCall {
  headers: Pick<Headers, 'get' | 'has'>;
  url: URL;
  /** The JSON body, within `maxBytes` (400 and 413 as `readJsonBody`). */
  readBody(maxBytes: number): Promise<unknown>;
  request(): Request;
}

type Route<Params> = (request: Request, segment: { params: Promise<Params> }) => Promise<Response>;
const specs = new WeakMap<Route<never>, RouteSpec<never>>();

export function restRoute<Params>(spec: RouteSpec<Params>): Route<Params> {
  const route: Route<Params> = async (request, segment) => {
    const call: IncomingCall = {
      headers: request.headers,
      url: new URL(request.url),
      readBody: (maxBytes) => readJsonBody(request, maxBytes),
      request: () => request,
    };
    return runRoute(spec, call, segment.params);
  };
  specs.set(route as Route<never>, spec as RouteSpec<never>);
  return route;
}

/** The spec behind a route made by `restRoute`, so another server can run it (apps/web/server.ts). */
export function routeSpec<Params>(route: Route<Params>): RouteSpec<Params> | undefined {
  return specs.get(route as Route<never>) as RouteSpec<Params> | undefined;
}

export async function runRoute<Params>(spec: RouteSpec<Params>, call: IncomingCall, params: Params | Promise<Params>): Promise<Response> {
  const receivedAt = traceNow();
  try {
    const context = webContext();
    const caller = await context.auth.authenticate(apiKeyFromAuthorization(call.headers.get('authorization')));
    const body = spec.maxBodyBytes > 0 ? await call.readBody(spec.maxBodyBytes) : undefined;
    let request: Request | undefined;
    return await spec.handler({
      get request() {
        return (request ??= call.request());
      },
      headers: call.headers,
      url: call.url,
      params: await params,
      caller,
      body,
      context,
      receivedAt,
    });
  } catch (error) {
    return responseForError(error);
  }
}

/** OpenWhisk's boolean query parameters: "true" is true, anything else false. */
export function queryFlag(url: URL, name: string): boolean {
  return url.searchParams.get(name) === 'true';
}
