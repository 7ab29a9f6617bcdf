// What a gateway route's base path, relative path, operation and response
// type may be, and their one stored form: the API management calls write them
// so, and the gateway matches requests against them.
import { badRequest } from '../errors.ts';
import { WEB_EXTENSIONS, type WebExtension } from '../web-actions/web-path.ts';

export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

export const MAX_BASE_PATH_LENGTH = 256;
export const MAX_REL_PATH_LENGTH = 1024;

/** A segment of a route's path: literal text, or a path parameter (`{id}`). */
export type PathSegment = { literal: string } | { param: string };

// RFC 3986 path characters, without percent-encoding: a literal segment reads
// the same encoded and decoded, so stored paths compare with decoded requests.
const LITERAL = /^[A-Za-z0-9._~!$&'()*+,;=:@-]+$/;
const PARAMETER = /^\{(\w+)\}$/;

/**
 * A base path in stored form: `/` or `/a/b`, no trailing slash, literal
 * segments only (OpenWhisk allows path parameters in the relative path alone).
 */
export function normalizeBasePath(value: unknown): string {
  const path = pathText(value, 'base path', MAX_BASE_PATH_LENGTH);
  for (const segment of segmentsOf(path)) {
    if (segment.includes('{') || segment.includes('}')) {
      throw badRequest(`The base path ${path} cannot have path parameters; only the relative path can.`);
    }
    checkLiteral(segment, 'base path', path);
  }
  return path;
}

/** A relative path in stored form: `/` or `/books/{id}`; each `{name}` segment is a path parameter. */
export function normalizeRelPath(value: unknown): string {
  const path = pathText(value, 'relative path', MAX_REL_PATH_LENGTH);
  const names = new Set<string>();
  for (const segment of segmentsOf(path)) {
    const parameter = PARAMETER.exec(segment);
    if (!parameter) {
      if (segment.includes('{') || segment.includes('}')) {
        throw badRequest(
          `The relative path ${path} has a malformed path parameter "${segment}": a parameter is a whole segment {name}, name of letters, digits and _.`,
        );
      }
      checkLiteral(segment, 'relative path', path);
      continue;
    }
    const name = parameter[1]!;
    if (name.startsWith('__ow_')) throw badRequest(`The path parameter {${name}} of ${path} is reserved: names starting with __ow_ describe the request.`);
    if (names.has(name)) throw badRequest(`The relative path ${path} names the path parameter {${name}} twice.`);
    names.add(name);
  }
  return path;
}

/** The segments of a stored path (none for `/`). */
export function pathSegments(path: string): PathSegment[] {
  return segmentsOf(path).map((segment) => {
    const parameter = PARAMETER.exec(segment);
    return parameter ? { param: parameter[1]! } : { literal: segment };
  });
}

/** The path parameters a relative path declares, in order. */
export function pathParameterNames(relPath: string): string[] {
  return pathSegments(relPath).flatMap((segment) => ('param' in segment ? [segment.param] : []));
}

/** The public path of a route inside its namespace: base path and relative path joined. */
export function routePath(basePath: string, relPath: string): string {
  if (basePath === '/') return relPath;
  return relPath === '/' ? basePath : `${basePath}${relPath}`;
}

export function normalizeMethod(value: unknown): RouteMethod {
  const method = typeof value === 'string' ? value.toUpperCase() : '';
  if (!(ROUTE_METHODS as readonly string[]).includes(method)) {
    throw badRequest(`The operation ${JSON.stringify(value ?? null)} is not an HTTP method a route can take: use one of ${ROUTE_METHODS.join(', ')}.`);
  }
  return method as RouteMethod;
}

/** The web action extension a route is served with; `json` when none is given, as OpenWhisk's default. */
export function normalizeResponseType(value: unknown): WebExtension {
  if (value === undefined || value === null || value === '') return 'json';
  const type = typeof value === 'string' ? value.toLowerCase() : '';
  if (!(WEB_EXTENSIONS as readonly string[]).includes(type)) {
    throw badRequest(`The response type ${JSON.stringify(value)} is not one a web action answers with: use one of ${WEB_EXTENSIONS.join(', ')}.`);
  }
  return type as WebExtension;
}

function pathText(value: unknown, what: string, maxLength: number): string {
  if (typeof value !== 'string' || value === '') throw badRequest(`The ${what} is missing: give a path starting with /.`);
  if (!value.startsWith('/')) throw badRequest(`The ${what} "${value.slice(0, 100)}" must start with /.`);
  if (value.length > maxLength) throw badRequest(`The ${what} is ${value.length} characters long; the limit is ${maxLength}.`);
  const trimmed = value.length > 1 ? value.replace(/\/+$/, '') : value;
  return trimmed === '' ? '/' : trimmed;
}

function segmentsOf(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

function checkLiteral(segment: string, what: string, path: string): void {
  if (segment === '') throw badRequest(`The ${what} ${path} has an empty segment (//).`);
  if (segment === '.' || segment === '..') throw badRequest(`The ${what} ${path} has a "${segment}" segment, which URLs resolve away.`);
  if (!LITERAL.test(segment)) {
    throw badRequest(
      `The ${what} ${path} has the segment "${segment.slice(0, 100)}", which is not plain URL text: use letters, digits and - . _ ~ ! $ & ' ( ) * + , ; = : @.`,
    );
  }
}
