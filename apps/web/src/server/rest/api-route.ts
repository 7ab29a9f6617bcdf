// What an OpenWhisk REST route is, declared once: its method and path, who
// may call it (a key, and which namespaces it may name; anybody; or only the
// operator's token, for the admin routes), how big a body it
// takes, what it answers, and the handler. The dispatcher (serve-api.ts) runs
// routes from these declarations, the OpenAPI document (openapi.ts) is built
// from them, and the auth test derives its route list from them.
import type { Caller } from '@brisk/core';
import type { WebContext } from '../context';
import type { HeaderName, QueryName } from './query-docs';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** Request headers as every server hands them to a route. */
export interface RequestHeaders extends Iterable<[string, string]> {
  get(name: string): string | null;
  has(name: string): boolean;
}

// The parameters a path template declares: `{name}` is one segment,
// `{name+}` the rest of the path (one or more segments).
type SegmentNames<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? Name | SegmentNames<Rest> : never;
type Single<Name> = Name extends `${string}+` ? never : Name;
type Rest<Name> = Name extends `${infer Base}+` ? Base : never;
export type PathParams<Path extends string> = { [K in Single<SegmentNames<Path>>]: string } & { [K in Rest<SegmentNames<Path>>]: string[] };

interface RouteDeclaration<Path extends string> {
  method: HttpMethod;
  /** Under /api/v1, e.g. `/namespaces/{namespace}/rules/{rule}`. Segments arrive percent-decoded, once. */
  path: Path;
  /** Hand the handler its segments as sent (web actions pass their path on encoded). */
  rawSegments?: boolean;
  /** The forms a `{name+}` path takes, for the docs and the auth test (e.g. `{action}`, `{package}/{action}`). */
  forms?: string[];
  summary: string;
  tag: string;
  query?: QueryName[];
  /** Request headers the handler reads, for the docs. */
  headers?: HeaderName[];
  /** What the body holds, for the docs; absent when the route takes none. */
  body?: string;
  /** Hand a key route's handler the body's bytes rather than parsed JSON (uploads). */
  rawBody?: boolean;
  /** Largest body accepted (413 past it); 0 when the route reads none. */
  maxBodyBytes: number;
  /** Status codes it answers besides the common errors. */
  ok: number[];
}

export interface KeyRouteInput<Params> {
  params: Params;
  caller: Caller;
  /** The namespace the path names, once checked against the route's scope. */
  namespace: string;
  /** The JSON body (undefined when empty); its bytes for a `rawBody` route. */
  body: unknown;
  url: URL;
  headers: RequestHeaders;
  context: WebContext;
  /** When the request was received (`traceNow()`), for stage traces. */
  receivedAt: number;
}

export interface KeyRoute<Path extends string = string> extends RouteDeclaration<Path> {
  auth: 'key';
  /**
   * Which namespaces `{namespace}` may name: only the caller's own (403
   * otherwise), or any, for reads and invokes that may reach another
   * namespace's published packages (the resolver then refuses anything else).
   */
  scope: 'own' | 'shared';
  handler(input: KeyRouteInput<PathParams<Path>>): Promise<Response>;
}

export interface PublicRouteInput<Params> {
  params: Params;
  method: string;
  url: URL;
  headers: RequestHeaders;
  /** The raw body; empty when there is none. */
  body: Buffer;
  context: WebContext;
}

/** A route anybody may call: the handler decides what a request may do. */
export interface PublicRoute<Path extends string = string> extends RouteDeclaration<Path> {
  auth: 'public';
  /** Headers every error answer carries (e.g. CORS, so browsers can read the error). */
  errorHeaders?: Record<string, string>;
  handler(input: PublicRouteInput<PathParams<Path>>): Promise<Response>;
}

export interface AdminRouteInput<Params> {
  params: Params;
  /** The JSON body (undefined when empty). */
  body: unknown;
  url: URL;
  context: WebContext;
}

/** An operator's route (/admin/...): the dispatcher lets only BRISK_ADMIN_TOKEN (Bearer) through, never an API key. */
export interface AdminRoute<Path extends string = string> extends RouteDeclaration<Path> {
  auth: 'admin';
  handler(input: AdminRouteInput<PathParams<Path>>): Promise<Response>;
}

/** Any route of the table (each handler takes its own path's parameters). */
export type ApiRoute = KeyRoute | PublicRoute | AdminRoute;

export function keyRoute<const Path extends string>(route: Omit<KeyRoute<Path>, 'auth'>): ApiRoute {
  return { auth: 'key', ...route } as ApiRoute;
}

export function publicRoute<const Path extends string>(route: Omit<PublicRoute<Path>, 'auth'>): ApiRoute {
  return { auth: 'public', ...route } as ApiRoute;
}

export function adminRoute<const Path extends string>(route: Omit<AdminRoute<Path>, 'auth'>): ApiRoute {
  return { auth: 'admin', ...route } as ApiRoute;
}

/** OpenWhisk's boolean query parameters: "true" is true, anything else false. */
export function queryFlag(url: URL, name: string): boolean {
  return url.searchParams.get(name) === 'true';
}
