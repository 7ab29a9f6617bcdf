import { describe, expect, it } from 'vitest';
import { forwardedHeaders, webActionParams, type WebRequest } from './request-params.ts';

const request = (over: Partial<WebRequest> = {}): WebRequest => ({
  method: 'POST',
  headers: {},
  query: '',
  body: Buffer.alloc(0),
  owPath: '',
  ...over,
});
const plain = { raw: false, finalKeys: new Set<string>() };
const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) });

describe('web action parameters', () => {
  it('carry the request context', () => {
    const params = webActionParams(request({ method: 'PATCH', headers: { accept: '*/*' }, owPath: '/x' }), plain);
    expect(params).toEqual({ __ow_method: 'patch', __ow_headers: { accept: '*/*' }, __ow_path: '/x' });
  });

  it('merge query, then a JSON object body, the body winning', () => {
    const params = webActionParams(request({ query: 'a=1&b=2', ...json({ b: 3, c: { d: true } }) }), plain);
    expect(params).toMatchObject({ a: '1', b: 3, c: { d: true } });
    expect(params).not.toHaveProperty('__ow_body');
  });

  it('merge form fields as strings', () => {
    const body = Buffer.from('name=Jane+Doe&n=5');
    const params = webActionParams(request({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }), plain);
    expect(params).toMatchObject({ name: 'Jane Doe', n: '5' });
  });

  it('pass other bodies whole: JSON non-objects as they are, text as a string, bytes as base64', () => {
    expect(webActionParams(request(json([1, 2])), plain).__ow_body).toEqual([1, 2]);
    const text = webActionParams(request({ headers: { 'content-type': 'text/plain' }, body: Buffer.from('Jane') }), plain);
    expect(text.__ow_body).toBe('Jane');
    const bytes = Buffer.from([0, 1, 2, 255]);
    const binary = webActionParams(request({ headers: { 'content-type': 'application/octet-stream' }, body: bytes }), plain);
    expect(binary.__ow_body).toBe(bytes.toString('base64'));
    expect(webActionParams(request({ body: bytes }), plain).__ow_body).toBe(bytes.toString('base64'));
  });

  it('refuse malformed JSON with 400', () => {
    expect(() => webActionParams(request({ headers: { 'content-type': 'application/json' }, body: Buffer.from('{') }), plain)).toThrow(
      expect.objectContaining({ kind: 'bad-request' }),
    );
  });

  it('refuse reserved and final parameters with 400', () => {
    expect(() => webActionParams(request({ query: '__ow_method=get' }), plain)).toThrow(/__ow_method/);
    const final = { raw: false, finalKeys: new Set(['name']) };
    expect(() => webActionParams(request(json({ name: 'Mallory' })), final)).toThrow(/name/);
    expect(webActionParams(request(json({ other: 1 })), final)).toMatchObject({ other: 1 });
  });

  it('with raw-http, pass the query and body unparsed (JSON and bytes as base64, text as a string)', () => {
    const raw = { raw: true, finalKeys: new Set(['name']) };
    const params = webActionParams(request({ query: 'name=Jane&x=1', ...json({ name: 'Jane' }) }), raw);
    expect(params).toMatchObject({ __ow_query: 'name=Jane&x=1', __ow_body: Buffer.from('{"name":"Jane"}').toString('base64') });
    expect(params).not.toHaveProperty('name');
    const text = webActionParams(request({ headers: { 'content-type': 'text/csv' }, body: Buffer.from('a,b') }), raw);
    expect(text.__ow_body).toBe('a,b');
    expect(webActionParams(request(), raw)).toMatchObject({ __ow_query: '', __ow_body: '' });
  });

  it('add __ow_user for an authenticated caller', () => {
    expect(webActionParams(request(), { ...plain, user: 'guest' }).__ow_user).toBe('guest');
  });
});

describe('forwarded headers', () => {
  it('never include cookies, and drop Authorization only when Brisk consumed it', () => {
    const headers: [string, string][] = [
      ['Cookie', 'session=1'],
      ['Authorization', 'Basic x'],
      ['X-Thing', 'y'],
    ];
    expect(forwardedHeaders(headers, { dropAuthorization: false })).toEqual({ authorization: 'Basic x', 'x-thing': 'y' });
    expect(forwardedHeaders(headers, { dropAuthorization: true })).toEqual({ 'x-thing': 'y' });
  });
});
