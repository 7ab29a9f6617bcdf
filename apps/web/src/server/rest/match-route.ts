// Finds the route a request is for, from the declared path templates. Each
// parameter is percent-decoded exactly once here, so handlers never decode
// (a route may ask for its segments as sent); a segment that does not decode
// is the caller's mistake (400), not ours, and so is one that decodes to NUL
// (no name holds it, and Postgres text cannot).
import { badRequest } from '@brisk/core';
import type { ApiRoute, HttpMethod } from './api-route';

export const API_PREFIX = '/api/v1';

type Segment = { literal: string } | { param: string } | { rest: string };

interface CompiledRoute {
  route: ApiRoute;
  segments: Segment[];
}

export type RouteMatch =
  | { kind: 'route'; route: ApiRoute; params: Record<string, string | string[]> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] };

export class RouteMatcher {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly ApiRoute[]) {
    this.compiled = routes.map((route) => ({ route, segments: compileTemplate(route.path) }));
  }

  /** The route for `method` at `pathname` (the URL's path, still encoded). */
  match(method: string, pathname: string): RouteMatch {
    if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) return { kind: 'not-found' };
    // Empty segments (a trailing slash, "//") name nothing.
    const segments = pathname.slice(API_PREFIX.length).split('/').filter(Boolean);
    const allowed: HttpMethod[] = [];
    let headAsGet: { route: ApiRoute; raw: RawParams } | undefined;
    for (const { route, segments: template } of this.compiled) {
      const raw = matchSegments(template, segments);
      if (!raw) continue;
      if (route.method === method) return bind(route, raw);
      allowed.push(route.method);
      // HEAD is GET without the body, where a route does not declare HEAD itself.
      if (method === 'HEAD' && route.method === 'GET') headAsGet = { route, raw };
    }
    if (headAsGet) return bind(headAsGet.route, headAsGet.raw);
    return allowed.length ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

type RawParams = Record<string, string | string[]>;

function bind(route: ApiRoute, raw: RawParams): RouteMatch {
  return { kind: 'route', route, params: route.rawSegments ? raw : decodeParams(raw) };
}

function compileTemplate(path: string): Segment[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((part, index) => {
    const name = /^\{(\w+)(\+?)\}$/.exec(part);
    if (!name) return { literal: part };
    if (name[2] !== '+') return { param: name[1]! };
    if (index !== parts.length - 1) throw new Error(`route ${path}: {${name[1]}+} must be the last segment`);
    return { rest: name[1]! };
  });
}

function matchSegments(template: Segment[], segments: string[]): RawParams | undefined {
  const params: RawParams = {};
  for (const [index, part] of template.entries()) {
    if ('rest' in part) {
      if (segments.length <= index) return undefined;
      params[part.rest] = segments.slice(index);
      return params;
    }
    const segment = segments[index];
    if (segment === undefined) return undefined;
    if ('literal' in part) {
      if (segment !== part.literal) return undefined;
    } else {
      params[part.param] = segment;
    }
  }
  return segments.length === template.length ? params : undefined;
}

function decodeParams(params: RawParams): RawParams {
  const decoded: RawParams = {};
  for (const [name, value] of Object.entries(params)) decoded[name] = typeof value === 'string' ? decodeSegment(value) : value.map(decodeSegment);
  return decoded;
}

function decodeSegment(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw badRequest(`The path segment "${segment.slice(0, 100)}" is not valid percent-encoding.`);
  }
  if (decoded.includes('\0')) throw badRequest(`The path segment "${segment.slice(0, 100)}" holds a NUL character (%00).`);
  return decoded;
}
