// Which route of a namespace a request is for: match the path (path
// parameters capture one segment each; a literal segment beats a parameter
// where both match), then the method.
import { pathSegments, routePath, type PathSegment } from './route-paths.ts';

export interface MatchableRoute {
  basePath: string;
  relPath: string;
  method: string;
}

export type RouteMatch<Route> =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  | { kind: 'not-found' }
  /** The path is a route's, but not for this method: the methods it takes. */
  | { kind: 'method-not-allowed'; allowed: string[] };

/**
 * Matches `method` on the decoded path segments after `/api/v1/gw/{namespace}`.
 * HEAD falls back to a GET route, as HTTP allows; OPTIONS to any route of the
 * path, whose web action answers the CORS preflight (or handles OPTIONS itself).
 */
export function matchRoute<Route extends MatchableRoute>(routes: readonly Route[], method: string, segments: readonly string[]): RouteMatch<Route> {
  const candidates: { route: Route; pattern: PathSegment[]; params: Record<string, string> }[] = [];
  for (const route of routes) {
    const pattern = pathSegments(routePath(route.basePath, route.relPath));
    const params = matchPattern(pattern, segments);
    if (params) candidates.push({ route, pattern, params });
  }
  if (candidates.length === 0) return { kind: 'not-found' };

  const wanted = method.toUpperCase();
  let chosen = mostSpecific(candidates.filter((candidate) => candidate.route.method === wanted));
  if (!chosen && wanted === 'HEAD') chosen = mostSpecific(candidates.filter((candidate) => candidate.route.method === 'GET'));
  if (!chosen && wanted === 'OPTIONS') chosen = mostSpecific(candidates);
  if (chosen) return { kind: 'route', route: chosen.route, params: chosen.params };
  const allowed = new Set(candidates.map((candidate) => candidate.route.method));
  if (allowed.has('GET')) allowed.add('HEAD');
  allowed.add('OPTIONS');
  return { kind: 'method-not-allowed', allowed: [...allowed].sort() };
}

/**
 * The key two patterns share when they match exactly the same paths (the
 * parameters' names aside): `/books/{id}` and `/books/{isbn}` clash.
 */
export function patternKey(basePath: string, relPath: string): string {
  return pathSegments(routePath(basePath, relPath))
    .map((segment) => ('literal' in segment ? segment.literal : '{}'))
    .join('/');
}

function matchPattern(pattern: PathSegment[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index]!;
    if ('literal' in part) {
      if (part.literal !== segment) return undefined;
    } else {
      params[part.param] = segment;
    }
  }
  return params;
}

/** The candidate whose first literal-versus-parameter difference is a literal. */
function mostSpecific<Candidate extends { pattern: PathSegment[] }>(candidates: Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const candidate of candidates) {
    if (!best || moreSpecific(candidate.pattern, best.pattern)) best = candidate;
  }
  return best;
}

function moreSpecific(a: PathSegment[], b: PathSegment[]): boolean {
  for (const [index, part] of a.entries()) {
    const other = b[index]!;
    const aLiteral = 'literal' in part;
    const bLiteral = 'literal' in other;
    if (aLiteral !== bLiteral) return aLiteral;
  }
  return false;
}
