// Malformed input is the caller's mistake: whatever a request holds in its
// path, query, headers or body, Brisk answers a 4xx with a JSON message that
// says what was wrong, never a 5xx. The cases found from outside come first,
// then a seeded generator over every route of the route table.
import http from 'node:http';
import { consoleSession } from '@brisk/testing/console-session';
import { seededRandom } from '@brisk/testing/seeded-random';
import { createNamespaceKey } from '@brisk/core';
import { createDb } from '@brisk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoute } from '../src/server/rest/api-route';
import { API_ROUTES } from '../src/server/rest/routes';
import { brisk, guest } from './helpers';

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const target = new URL(brisk.url);
afterAll(() => agent.destroy());

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request exactly as given (fetch refuses TRACE and normalises paths; node:http sends them as they are). */
function send(method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        agent,
        headers: { ...options.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${method} ${path} timed out`)));
    request.on('error', reject);
    request.end(body);
  });
}

const basic = (key: string) => `Basic ${Buffer.from(key).toString('base64')}`;

/** Methods Node's HTTP parser refuses before Brisk sees the request: answered 501 (not implemented), with a message. */
const UNPARSED_METHODS = new Set(['FOO']);

/** What is wrong with an answer to malformed input, if anything: a 5xx, or a 4xx without a JSON `error` message. */
function problemWith(method: string, response: RawResponse): string | undefined {
  if (response.status === 501 && UNPARSED_METHODS.has(method)) return jsonError(response) ? undefined : `answered 501 without a JSON error message`;
  if (response.status >= 500) return `answered ${response.status}: ${response.text.slice(0, 200)}`;
  if (response.status < 400 || method === 'HEAD' || jsonError(response)) return undefined;
  return `answered ${response.status} without a JSON error message: ${response.text.slice(0, 200)}`;
}

function jsonError(response: RawResponse): boolean {
  try {
    const body = JSON.parse(response.text) as { error?: unknown };
    return typeof body.error === 'string' && body.error.length > 0;
  } catch {
    return false;
  }
}

function nested(depth: number, open = '[', close = ']', inner = '1'): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}
const DEEP_ARRAY = nested(5000);
const DEEP_OBJECT = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;

const errorShape = (message: RegExp) => expect.objectContaining({ error: expect.stringMatching(message), code: expect.any(String) });
const json = (response: RawResponse) => JSON.parse(response.text) as Record<string, unknown>;
const guestHeaders = { authorization: basic(brisk.guestKey) };

describe('the malformed requests found from outside', () => {
  it.each(['%', '%zz', '%ff', '%c0%af'])('refuse the percent-encoding %s in any path segment with 400', async (bad) => {
    for (const path of [
      `/api/v1/namespaces/${bad}/actions`,
      `/api/v1/namespaces/_/actions/${bad}`,
      `/api/v1/namespaces/_/actions/pkg/${bad}`,
      `/api/v1/namespaces/_/triggers/${bad}`,
      `/api/v1/namespaces/_/activations/${bad}/logs`,
      `/api/v1/web/guest/default/${bad}.json`,
      `/api/v1/web/${bad}/default/x.json`,
      `/api/v1/gw/guest/${bad}`,
      `/api/v1/${bad}`,
    ]) {
      const response = await send('GET', path, { headers: guestHeaders });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expect(problemWith('GET', response), path).toBeUndefined();
    }
  });

  it.each(['skip=1e30', 'limit=1e30', 'skip=9007199254740993', 'skip=1e400', 'skip=0x10'])('refuses the list query %s with 400', async (query) => {
    for (const collection of ['actions', 'packages', 'triggers', 'rules', 'activations']) {
      const response = await send('GET', `/api/v1/namespaces/_/${collection}?${query}`, { headers: guestHeaders });
      expect(response.status, collection).toBe(400);
      expect(json(response), collection).toEqual(errorShape(/skip|limit/));
    }
  });

  it.each(['since=1e20', 'upto=1e20', 'since=8640000000000001', 'upto=-1', 'since=1e400'])(
    'refuses the activation query %s (no valid time) with 400',
    async (query) => {
      const response = await send('GET', `/api/v1/namespaces/_/activations?${query}`, { headers: guestHeaders });
      expect(response.status).toBe(400);
      expect(json(response)).toEqual(errorShape(/since|upto/));
    },
  );

  it.each(['name=%00', 'name=a%00b', 'name=/guest/%00', 'name=%'])('refuses the activation query %s with 400 or answers it', async (query) => {
    const response = await send('GET', `/api/v1/namespaces/_/activations?${query}`, { headers: guestHeaders });
    if (query.includes('%00')) {
      expect(response.status).toBe(400);
      expect(json(response)).toEqual(errorShape(/NUL|name/));
    } else expect(problemWith('GET', response)).toBeUndefined();
  });

  it.each(['/api/v1/namespaces/_/actions/a%00b', '/api/v1/namespaces/_/triggers/%00', '/api/v1/namespaces/_/packages/p%00/', '/api/v1/namespaces/%00/rules/r'])(
    'refuses the NUL in %s with 400',
    async (path) => {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const response = await send(method, path, {
          headers: { ...guestHeaders, 'content-type': 'application/json' },
          body: method === 'PUT' ? '{}' : undefined,
        });
        expect(response.status, `${method} ${path}`).toBe(400);
        expect(problemWith(method, response)).toBeUndefined();
      }
    },
  );

  it.each([
    [
      'action parameters',
      'PUT',
      '/api/v1/namespaces/_/actions/deep-params',
      `{"exec":{"kind":"nodejs:default","code":"x"},"parameters":[{"key":"a","value":${DEEP_ARRAY}}]}`,
    ],
    ['an invocation', 'POST', '/api/v1/namespaces/_/actions/deep-invoke?blocking=true', DEEP_OBJECT],
    ['trigger parameters', 'PUT', '/api/v1/namespaces/_/triggers/deep-trigger', `{"parameters":[{"key":"a","value":${DEEP_OBJECT}}]}`],
    ['a trigger firing', 'POST', '/api/v1/namespaces/_/triggers/deep-trigger', DEEP_ARRAY],
    ['package parameters', 'PUT', '/api/v1/namespaces/_/packages/deep-package', `{"parameters":[{"key":"a","value":${DEEP_ARRAY}}]}`],
    ['a rule', 'PUT', '/api/v1/namespaces/_/rules/deep-rule', `{"trigger":${DEEP_ARRAY},"action":"x"}`],
  ])('refuses JSON nested 5,000 deep in %s with 400 naming the limit', async (_what, method, path, body) => {
    const response = await send(method, path, { headers: { ...guestHeaders, 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(json(response)).toEqual(errorShape(/nest.*100/));
  });

  it('refuses JSON nested 5,000 deep in a web action body with 400, and takes 100 levels', async () => {
    const name = `deep-web-${Date.now().toString(36)}`;
    const put = await guest.putAction(name, {
      exec: { kind: 'nodejs:default', code: 'function main(p) { return { body: "ok" }; }' },
      annotations: [{ key: 'web-export', value: true }],
    });
    expect(put.status).toBe(200);
    for (const body of [DEEP_ARRAY, DEEP_OBJECT]) {
      const response = await send('POST', `/api/v1/web/guest/default/${name}.http`, { headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(400);
      expect(json(response)).toEqual(errorShape(/nest.*100/));
    }
    const fine = await send('POST', `/api/v1/web/guest/default/${name}.http`, { headers: { 'content-type': 'application/json' }, body: `{"a":${nested(98)}}` });
    expect(fine.status).toBe(200);
  });

  it.each(['TRACE', 'PROPFIND', 'PURGE'])('answers the method %s with 405, a message and Allow', async (method) => {
    for (const path of ['/api/v1/namespaces/_/actions', '/api/v1/namespaces/_/actions/a', '/api/v1/web/guest/default/a.json', '/api/v1']) {
      const response = await send(method, path, { headers: guestHeaders });
      expect(response.status, path).toBe(405);
      expect(json(response)).toEqual(errorShape(new RegExp(`${method} is not allowed`)));
      expect(response.headers.allow).toBeTruthy();
    }
  });

  it('answers a method HTTP does not define with 501 and a message naming it', async () => {
    const response = await send('FOO', '/api/v1/namespaces/_/actions', { headers: guestHeaders });
    expect(response.status).toBe(501);
    expect(json(response).error).toMatch(/method FOO is not one/);
  });

  it("answers tRPC's activations.follow of another namespace's activation with NOT_FOUND", async () => {
    const name = `followed-${Date.now().toString(36)}`;
    expect((await guest.putAction(name, { exec: { kind: 'nodejs:default', code: 'function main() { return {}; }' } })).status).toBe(200);
    const invoked = await guest.invoke(name, {}, {});
    expect(invoked.status).toBe(202);
    const { activationId } = invoked.body as { activationId: string };
    // guest's activation, followed with other's session.
    const signIn = await fetch(`${brisk.url}/api/trpc/session.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: brisk.otherKey }),
    });
    const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    const controller = new AbortController();
    const response = await fetch(`${brisk.url}/api/trpc/activations.follow?input=${encodeURIComponent(JSON.stringify({ activationId }))}`, {
      headers: { cookie, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    let text = '';
    const reader = response.body!.getReader();
    const deadline = setTimeout(() => controller.abort(), 10_000);
    try {
      while (!/event: serialized-error[\s\S]*\n\n/.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } finally {
      clearTimeout(deadline);
      controller.abort();
    }
    expect(text).toMatch(/event: serialized-error/);
    expect(text).toContain('NOT_FOUND');
    expect(text).not.toContain('INTERNAL_SERVER_ERROR');
  });

  it("answers the console's tRPC inputs nested 5,000 deep with 400, as the REST API does", async () => {
    const cookie = await consoleSession(brisk.url, brisk.guestKey);
    const name = `deep-${Date.now().toString(36)}`;
    expect((await guest.putAction(name, { exec: { kind: 'nodejs:default', code: 'function main(p) { return p; }' } })).status).toBe(200);
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const response = await fetch(`${brisk.url}/api/trpc/actions.invoke`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: `{"path":"${name}","params":{"deep":${deep}}}`,
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('nested more than 100 levels deep');
    expect(text).not.toContain('INTERNAL_SERVER_ERROR');
    // Nothing ran.
    expect((await guest.request('GET', '/namespaces/_/activations', { query: { name } })).body).toEqual([]);
  });
});

// ---- generated cases ----

/** Path segments as sent (already percent-encoded, or deliberately not). */
const HOSTILE_SEGMENTS = [
  '%',
  '%zz',
  '%ff',
  '%c0%af',
  '%00',
  'a%00b',
  '%ed%a0%80',
  '%2e%2e',
  '..',
  '.',
  '%2F',
  'a%2Fb',
  'x'.repeat(300),
  '%E2%80%AE',
  '__proto__',
  'constructor',
  'toString',
  '%20',
  '%20lead',
  '-dash',
  '@',
  "';DROP%20TABLE%20x;--",
  '%25',
  '%F0%9F%98%80',
  '1e30',
  '%0d%0a',
  '%7B%7D',
  '$',
  'a.json',
  'a.http',
  '.json',
  'default',
  '_',
  'guest',
  'whisk.system',
  '0'.repeat(32),
  'f'.repeat(33),
];

/** Query values as sent. */
const HOSTILE_VALUES = [
  '1e30',
  '-1',
  'NaN',
  'Infinity',
  '-Infinity',
  '9007199254740993',
  '0x10',
  '1.5',
  '',
  '%00',
  '%',
  '%zz',
  'true',
  'false',
  'x'.repeat(3000),
  '99999999999999999999',
  '-0',
  '%201',
  '1e308',
  '1e400',
  '8640000000000001',
  '%5B%5D',
  '__proto__',
  '/guest/%00',
  '%2F',
  '0',
  '201',
  '30',
];

const QUERY_NAMES = [
  'limit',
  'skip',
  'count',
  'since',
  'upto',
  'name',
  'docs',
  'blocking',
  'result',
  'timeout',
  'overwrite',
  'code',
  'force',
  'public',
  'basepath',
  'relpath',
  'operation',
  'responsetype',
  'source',
  'project',
  'rotateSecret',
  'undeploy',
  '__proto__',
];

const HOSTILE_BODIES: (string | Buffer)[] = [
  DEEP_ARRAY,
  DEEP_OBJECT,
  `{"parameters":[{"key":"a","value":${DEEP_ARRAY}}]}`,
  `{"annotations":[{"key":"a","value":${DEEP_OBJECT}}]}`,
  `{"exec":{"kind":"nodejs:default","code":"x"},"parameters":[{"key":"a","value":${nested(2000, '{"b":', '}')}}]}`,
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '123',
  '1e999',
  '-1e999',
  'true',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"a":"\\u0000"}',
  '{"\\u0000":1}',
  '{"a":"\\ud800"}',
  '{"parameters":"x"}',
  '{"parameters":[{"key":"\\u0000","value":1}]}',
  '{"parameters":[{"key":1e400}]}',
  '{"annotations":{"a":1}}',
  '{"exec":{"kind":"nodejs:default","code":"\\u0000"}}',
  '{"exec":{"kind":"sequence","components":["/_/%00"]}}',
  '{"exec":{"kind":"nodejs:default","code":"x"},"limits":{"timeout":1e30,"memory":-1}}',
  '{"exec":{"kind":"blackbox","image":"\\u0000"}}',
  '{"trigger":"\\u0000","action":"a"}',
  '{"trigger":"/_/t","action":"/_/a%00"}',
  '{"status":"\\u0000"}',
  '{"status":1e30}',
  '{"apidoc":{"gatewayBasePath":"\\u0000","gatewayPath":"/%","gatewayMethod":"TRACE","action":{"name":"a","namespace":"_"}}}',
  '{"apidoc":{"swagger":"{"}}',
  '{"repository":"\\u0000","branch":"%00"}',
  '{"source":1e30,"commit":"\\u0000"}',
  Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  Buffer.from('PK\u0003\u0004garbage'),
  Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]),
  'a=1&b=%00',
  '\u0000',
  ' '.repeat(1000),
];

const HOSTILE_HEADERS: Record<string, string>[] = [
  {},
  { 'content-type': 'application/json' },
  { 'content-type': 'text/plain' },
  { 'content-type': 'application/json; charset=utf-16' },
  { 'content-type': 'application/x-www-form-urlencoded' },
  { 'content-type': 'multipart/form-data; boundary=x' },
  { 'content-type': '%00' },
  { accept: '*/*;q=x' },
  { 'content-encoding': 'gzip' },
  { 'x-brisk-trace': '%00' },
  { 'x-forwarded-proto': 'javascript' },
  { origin: 'null' },
  { cookie: 'brisk_session=%00%zz' },
];

const HOSTILE_AUTHORIZATIONS = [
  'Basic %%%',
  'Bearer x',
  `Basic ${Buffer.from('a:b:c').toString('base64')}`,
  'Basic ',
  'Basic AAAA',
  `Basic ${Buffer.from('\u0000:\u0000').toString('base64')}`,
];
const ODD_METHODS = ['TRACE', 'PROPFIND', 'FOO', 'M-SEARCH', 'PURGE', 'LINK'];

/** JSON values (as text) put into otherwise well-formed bodies. */
const HOSTILE_JSON_VALUES = [
  '"\\u0000"',
  '"a\\u0000b"',
  '"\\ud800"',
  DEEP_ARRAY,
  nested(101, '{"a":', '}'),
  nested(99),
  '1e308',
  '-0',
  '9007199254740993',
  `"${'x'.repeat(10_000)}"`,
  '{}',
  '[]',
  'null',
  'true',
  '"__proto__"',
  '{"__proto__":1}',
  '"/_/%00"',
  '"../.."',
  '"nodejs:default"',
  '[{"key":"\\u0000","value":1}]',
];

/** A well-formed body for the route, with `value` where its input goes. */
function bodyAround(route: ApiRoute, value: string, random: () => number): string {
  const kind = route.path.split('/')[3] ?? route.path;
  const field = ['parameters', 'annotations'][Math.floor(random() * 2)]!;
  const keyValues = `"${field}":[{"key":"k","value":${value}}]`;
  switch (route.method === 'PUT' || route.method === 'POST' ? kind : '') {
    case 'actions':
      return route.method === 'PUT'
        ? [
            `{"exec":{"kind":"nodejs:default","code":"function main() { return {}; }"},${keyValues}}`,
            `{"exec":{"kind":"nodejs:default","code":${value}}}`,
            `{"exec":{"kind":${value},"code":"x"}}`,
            `{"exec":{"kind":"sequence","components":[${value}]}}`,
            `{"exec":{"kind":"nodejs:default","code":"x"},"limits":{"timeout":${value},"memory":${value}}}`,
          ][Math.floor(random() * 5)]!
        : `{"a":${value}}`;
    case 'packages':
      return [`{${keyValues}}`, `{"publish":${value}}`, `{"binding":{"namespace":${value},"name":${value}}}`][Math.floor(random() * 3)]!;
    case 'triggers':
      return route.method === 'PUT' ? `{${keyValues}}` : `{"a":${value}}`;
    case 'rules':
      return route.method === 'PUT' ? `{"trigger":${value},"action":${value}}` : `{"status":${value}}`;
    case 'sources':
      return `{"repository":${value},"branch":${value},"path":${value},"variables":{"a":${value}}}`;
    case 'deployments':
      return `{"source":${value},"commit":${value}}`;
    default:
      return route.path.includes('apimgmt')
        ? `{"apidoc":{"gatewayBasePath":${value},"gatewayPath":"/a","gatewayMethod":"GET","action":{"name":${value},"namespace":"_"},"apiName":${value}}}`
        : `{"a":${value}}`;
  }
}

interface GeneratedCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

type Axis = 'segment' | 'query' | 'header' | 'body' | 'value' | 'method' | 'auth';
const AXES: Axis[] = ['segment', 'segment', 'query', 'query', 'header', 'body', 'value', 'value', 'value', 'method', 'auth'];

/**
 * `count` requests, one route of the table after another: each is well formed
 * but for one hostile part (a path segment, the query, a header, the body or a
 * value inside an otherwise valid body, the method, the credentials), so it
 * reaches the code behind the parts it gets right. Names come from a small
 * pool, so later requests find what earlier ones created.
 */
function generateCases(count: number, seed: number, key: string): GeneratedCase[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const fine = (name: string) => {
    if (name === 'namespace') return random() < 0.9 ? '_' : pick(['guest', 'whisk.system']);
    if (name === 'activationId') return random() < 0.5 ? 'a'.repeat(32) : 'z1';
    return `m${Math.floor(random() * 4)}`;
  };
  const cases: GeneratedCase[] = [];
  for (let index = 0; index < count; index++) {
    const route: ApiRoute = API_ROUTES[index % API_ROUTES.length]!;
    const axis = pick(AXES);
    const templateParams = route.path.split('/').filter((part) => part.startsWith('{'));
    const hostileAt = axis === 'segment' ? Math.floor(random() * Math.max(1, templateParams.length)) : -1;
    let paramIndex = -1;
    const parts = route.path.split('/').flatMap((part) => {
      const param = /^\{(\w+)(\+?)\}$/.exec(part);
      if (!param) return [part];
      const hostile = ++paramIndex === hostileAt;
      if (param[2] !== '+') return [hostile ? pick(HOSTILE_SEGMENTS) : fine(param[1]!)];
      const rest = route.path.startsWith('/web')
        ? ['guest', 'default', `m${Math.floor(random() * 4)}.${pick(['json', 'http', 'text'])}`]
        : ['guest', `m${Math.floor(random() * 4)}`];
      if (hostile) rest[Math.floor(random() * rest.length)] = pick(HOSTILE_SEGMENTS);
      return rest;
    });
    if (axis === 'segment' && templateParams.length === 0) parts.push(pick(HOSTILE_SEGMENTS));
    const names = [...(route.query ?? []), ...QUERY_NAMES];
    const query =
      axis === 'query'
        ? Array.from({ length: 1 + Math.floor(random() * 3) }, () => `${pick(route.query?.length ? route.query : names)}=${pick(HOSTILE_VALUES)}`).join('&')
        : '';
    const headers: Record<string, string> = axis === 'header' ? { ...pick(HOSTILE_HEADERS) } : { 'content-type': 'application/json' };
    if (axis === 'auth') {
      if (random() < 0.8) headers.authorization = pick(HOSTILE_AUTHORIZATIONS);
    } else headers.authorization = basic(key);
    const method = axis === 'method' ? pick(ODD_METHODS) : route.method;
    const takesBody = route.maxBodyBytes > 0 && method !== 'GET' && method !== 'HEAD';
    const body = !takesBody
      ? undefined
      : axis === 'body'
        ? pick(HOSTILE_BODIES)
        : bodyAround(route, axis === 'value' ? pick(HOSTILE_JSON_VALUES) : '"v"', random);
    cases.push({ method, path: `/api/v1${parts.join('/')}${query ? `?${query}` : ''}`, headers, ...(body === undefined ? {} : { body }) });
  }
  return cases;
}

describe('generated malformed requests', () => {
  // BRISK_MALFORMED_SEED and BRISK_MALFORMED_COUNT explore beyond the fixed set; the default is the same every run.
  const COUNT = Number(process.env.BRISK_MALFORMED_COUNT ?? 2_000);
  const SEED = Number(process.env.BRISK_MALFORMED_SEED ?? 0x5eed);
  // A namespace of its own, so whatever a generated request manages to create never meets other tests.
  let key = '';
  beforeAll(async () => {
    const db = createDb(brisk.databaseUrl, { poolSize: 1 });
    try {
      key = await createNamespaceKey(db, `malformed-${Date.now().toString(36)}`);
    } finally {
      await db.$disconnect();
    }
  });

  it(`answer ${COUNT} hostile requests over every route with a 4xx and a message (or success), never a 5xx`, async () => {
    const cases = generateCases(COUNT, SEED, key);
    expect(new Set(cases.map((generated) => generated.path.split('?')[0]!.split('/').slice(0, 5).join('/'))).size).toBeGreaterThan(20);
    const started = Date.now();
    const problems: string[] = [];
    let next = 0;
    const statuses = new Map<number, number>();
    const lane = async () => {
      while (next < cases.length) {
        const generated = cases[next++]!;
        const response = await send(generated.method, generated.path, { headers: generated.headers, body: generated.body });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const problem = problemWith(generated.method, response);
        if (problem) problems.push(`${generated.method} ${generated.path.slice(0, 160)} ${String(generated.body ?? '').slice(0, 80)} ${problem}`);
      }
    };
    await Promise.all(Array.from({ length: 6 }, lane));
    const elapsed = Date.now() - started;
    console.log(`malformed input: ${COUNT} generated requests in ${elapsed} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(problems.slice(0, 30)).toEqual([]);
    expect(elapsed).toBeLessThan(45_000);
  }, 60_000);
});
