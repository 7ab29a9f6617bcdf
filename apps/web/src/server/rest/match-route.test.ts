// The route matcher alone, without a server: templates, one decoding per
// segment, 404 versus 405, HEAD as GET.
import { describe, expect, it } from 'vitest';
import { keyRoute, publicRoute } from './api-route';
import { RouteMatcher } from './match-route';

const handler = async () => new Response(null);
const route = (method: 'GET' | 'PUT', path: string) => keyRoute({ method, path, summary: '', tag: '', scope: 'own', maxBodyBytes: 0, ok: [200], handler });

const items = route('GET', '/namespaces/{namespace}/things/{thing+}');
const put = route('PUT', '/namespaces/{namespace}/things/{thing+}');
const list = route('GET', '/namespaces/{namespace}/things');
const raw = publicRoute({ method: 'GET', path: '/web/{path+}', rawSegments: true, summary: '', tag: '', maxBodyBytes: 0, ok: [200], handler });
const matcher = new RouteMatcher([list, items, put, raw]);

describe('RouteMatcher', () => {
  it('binds single segments and the rest of the path, decoded once', () => {
    expect(matcher.match('GET', '/api/v1/namespaces/_/things/a%20b/c%2520')).toEqual({
      kind: 'route',
      route: items,
      params: { namespace: '_', thing: ['a b', 'c%20'] },
    });
    expect(matcher.match('GET', '/api/v1/namespaces/guest/things/')).toMatchObject({ route: list, params: { namespace: 'guest' } });
  });

  it('keeps the segments of a raw route as sent', () => {
    expect(matcher.match('GET', '/api/v1/web/ns/%zz')).toMatchObject({ route: raw, params: { path: ['ns', '%zz'] } });
  });

  it('tells an unknown path from a method the path does not take', () => {
    expect(matcher.match('GET', '/api/v1/namespaces/_/other')).toEqual({ kind: 'not-found' });
    expect(matcher.match('GET', '/api/v2/namespaces/_/things')).toEqual({ kind: 'not-found' });
    expect(matcher.match('GET', '/api/v1x')).toEqual({ kind: 'not-found' });
    expect(matcher.match('DELETE', '/api/v1/namespaces/_/things/a')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'PUT'] });
  });

  it('serves HEAD with the GET route', () => {
    expect(matcher.match('HEAD', '/api/v1/namespaces/_/things')).toMatchObject({ kind: 'route', route: list });
  });

  it('refuses malformed percent-encoding with 400 only where it is decoded', () => {
    expect(() => matcher.match('GET', '/api/v1/namespaces/%c0%af/things')).toThrow(/not valid percent-encoding/);
    expect(matcher.match('GET', '/api/v1/namespaces/%c0%af/elsewhere')).toEqual({ kind: 'not-found' });
  });

  it('refuses a template with a rest parameter before its end', () => {
    expect(() => new RouteMatcher([route('GET', '/a/{rest+}/b')])).toThrow(/must be the last segment/);
  });
});
