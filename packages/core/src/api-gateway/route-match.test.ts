import { describe, expect, it } from 'vitest';
import { matchRoute, patternKey } from './route-match.ts';
import { normalizeBasePath, normalizeRelPath } from './route-paths.ts';

const route = (method: string, basePath: string, relPath: string) => ({
  method,
  basePath,
  relPath,
  name: `${method} ${basePath === '/' ? '' : basePath}${relPath}`,
});

describe('matchRoute', () => {
  const routes = [
    route('GET', '/shop', '/books/{id}'),
    route('GET', '/shop', '/books/new'),
    route('POST', '/shop', '/books'),
    route('GET', '/', '/'),
    route('OPTIONS', '/', '/cors'),
  ];

  it('captures path parameters, one segment each', () => {
    expect(matchRoute(routes, 'GET', ['shop', 'books', '42'])).toMatchObject({ kind: 'route', route: { name: 'GET /shop/books/{id}' }, params: { id: '42' } });
    expect(matchRoute(routes, 'GET', ['shop', 'books', '42', 'x'])).toEqual({ kind: 'not-found' });
  });

  it('prefers a literal segment over a parameter', () => {
    expect(matchRoute(routes, 'GET', ['shop', 'books', 'new'])).toMatchObject({ route: { name: 'GET /shop/books/new' }, params: {} });
  });

  it('answers the methods of a known path it does not take', () => {
    expect(matchRoute(routes, 'DELETE', ['shop', 'books'])).toEqual({ kind: 'method-not-allowed', allowed: ['OPTIONS', 'POST'] });
    expect(matchRoute(routes, 'PUT', ['shop', 'books', '1'])).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'HEAD', 'OPTIONS'] });
  });

  it('serves HEAD from GET and OPTIONS from any route of the path, unless declared', () => {
    expect(matchRoute(routes, 'HEAD', ['shop', 'books', '1'])).toMatchObject({ route: { name: 'GET /shop/books/{id}' } });
    expect(matchRoute(routes, 'OPTIONS', ['shop', 'books'])).toMatchObject({ route: { name: 'POST /shop/books' } });
    expect(matchRoute(routes, 'OPTIONS', ['cors'])).toMatchObject({ route: { name: 'OPTIONS /cors' } });
  });

  it('matches the base path / with the relative path /', () => {
    expect(matchRoute(routes, 'GET', [])).toMatchObject({ route: { name: 'GET /' } });
  });

  it('gives clashing patterns one key, whatever their parameters are called or where the base path ends', () => {
    expect(patternKey('/shop', '/books/{id}')).toBe(patternKey('/', '/shop/books/{isbn}'));
    expect(patternKey('/shop', '/books/{id}')).not.toBe(patternKey('/shop', '/books/new'));
  });
});

describe('route paths', () => {
  it('are stored without a trailing slash', () => {
    expect(normalizeBasePath('/shop/')).toBe('/shop');
    expect(normalizeBasePath('/')).toBe('/');
    expect(normalizeRelPath('/books/{id}/')).toBe('/books/{id}');
  });

  it.each([
    ['shop', /must start with \//],
    ['/a//b', /empty segment/],
    ['/a/{id}', /cannot have path parameters/],
    ['/a/../b', /resolve away/],
    ['/a b', /not plain URL text/],
    ['/%41', /not plain URL text/],
  ])('refuses the base path %s', (path, message) => {
    expect(() => normalizeBasePath(path)).toThrow(message);
  });

  it.each([
    ['/books/{id', /malformed path parameter/],
    ['/books/x{id}', /malformed path parameter/],
    ['/{id}/{id}', /twice/],
    ['/{__ow_path}', /reserved/],
  ])('refuses the relative path %s', (path, message) => {
    expect(() => normalizeRelPath(path)).toThrow(message);
  });
});
