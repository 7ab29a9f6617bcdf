import { describe, expect, it } from 'vitest';
import { resultResponse } from './result-response.ts';
import type { WebResponse } from './web-response.ts';

const header = (response: WebResponse, name: string) => response.headers.filter(([key]) => key.toLowerCase() === name.toLowerCase()).map(([, value]) => value);

describe('.json', () => {
  it('serves objects and arrays, and refuses anything else with 400', () => {
    expect(resultResponse({ a: 1 }, 'json')).toMatchObject({ kind: 'content', status: 200, body: '{"a":1}' });
    expect(resultResponse([1], 'json')).toMatchObject({ kind: 'content', body: '[1]' });
    expect(resultResponse('x', 'json')).toMatchObject({ kind: 'problem', status: 400 });
  });
});

describe('.html, .svg and .text', () => {
  it('serve body, else the property named after the extension', () => {
    expect(resultResponse({ body: '<p>hi</p>', html: 'no' }, 'html')).toMatchObject({ status: 200, body: '<p>hi</p>' });
    expect(resultResponse({ html: '<p>hi</p>' }, 'html')).toMatchObject({ status: 200, body: '<p>hi</p>' });
    expect(header(resultResponse({ svg: '<svg/>' }, 'svg'), 'content-type')).toEqual(['image/svg+xml']);
    expect(resultResponse({ text: 42 }, 'text')).toMatchObject({ status: 200, body: '42' });
    expect(resultResponse({ body: { a: 1 } }, 'text')).toMatchObject({ body: '{\n  "a": 1\n}' });
  });

  it('answer 400 when the markup is not a string, 404 when text has nothing to serve', () => {
    expect(resultResponse({ body: 5 }, 'html')).toMatchObject({ kind: 'problem', status: 400 });
    expect(resultResponse({ other: 1 }, 'svg')).toMatchObject({ kind: 'problem', status: 400 });
    expect(resultResponse({ other: 1 }, 'text')).toMatchObject({ kind: 'problem', status: 404 });
  });
});

describe('.http', () => {
  it('serves status, headers and a text body (text/html by default)', () => {
    const response = resultResponse({ statusCode: 201, headers: { 'X-A': ['1', 2], Location: '/x' }, body: 'made' }, 'http');
    expect(response).toMatchObject({ kind: 'content', status: 201, body: 'made' });
    expect(header(response, 'x-a')).toEqual(['1', '2']);
    expect(header(response, 'content-type')).toEqual(['text/html; charset=utf-8']);
  });

  it('decodes base64 bodies of byte types, and refuses ones that are not base64', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]);
    const response = resultResponse({ headers: { 'Content-Type': 'image/png' }, body: png.toString('base64') }, 'http');
    expect(response).toMatchObject({ status: 200 });
    expect(Buffer.compare((response as { body: Buffer }).body, png)).toBe(0);
    expect(resultResponse({ headers: { 'Content-Type': 'image/png' }, body: 'not base64!' }, 'http')).toMatchObject({ kind: 'problem', status: 400 });
  });

  it('serves JSON bodies as JSON, and decodes a base64 string under a JSON type', () => {
    expect(resultResponse({ body: { a: 1 } }, 'http')).toMatchObject({ status: 200, body: '{"a":1}' });
    const encoded = Buffer.from('{"b":2}').toString('base64');
    const decoded = resultResponse({ headers: { 'content-type': 'application/json' }, body: encoded }, 'http');
    expect((decoded as { body: Buffer }).body.toString()).toBe('{"b":2}');
    expect(resultResponse({ headers: { 'content-type': 'text/plain' }, body: { a: 1 } }, 'http')).toMatchObject({ kind: 'problem', status: 400 });
  });

  it('answers 204 without a body, and 400 for a status or header it cannot send', () => {
    expect(resultResponse({}, 'http')).toMatchObject({ status: 204, body: null });
    expect(resultResponse({ statusCode: '302', headers: { location: '/' } }, 'http')).toMatchObject({ status: 302 });
    expect(resultResponse({ statusCode: 42 }, 'http')).toMatchObject({ kind: 'problem', status: 400 });
    expect(resultResponse({ headers: { 'X-A': 'a\r\nb' } }, 'http')).toMatchObject({ kind: 'problem', status: 400 });
    expect(resultResponse({ headers: { 'X-A': { no: 1 } } }, 'http')).toMatchObject({ kind: 'problem', status: 400 });
    expect(resultResponse('text', 'http')).toMatchObject({ kind: 'problem', status: 400 });
  });

  it('withholds cookies, credentialed CORS and framing headers', () => {
    const response = resultResponse(
      { headers: { 'Set-Cookie': 'a=1', 'Access-Control-Allow-Credentials': 'true', 'Content-Length': '1', 'X-Ok': 'y' }, body: 'x' },
      'http',
    );
    expect(response.headers.map(([name]) => name.toLowerCase()).sort()).toEqual(['content-type', 'x-ok']);
  });
});
